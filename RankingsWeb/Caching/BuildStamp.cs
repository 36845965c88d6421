using System.Security.Cryptography;
using RankingsWeb.Data;

namespace RankingsWeb.Caching;

/// <summary>
/// Names the deployed build in ETags. A page's markup names the build's fingerprinted assets, which the next build
/// no longer serves: after a deployment a browser or CDN must not revalidate an old page to 304, even when the data
/// and listings have not moved. The code of both assemblies and the static asset manifest make the stamp, so equal
/// builds on several nodes agree on it.
/// </summary>
public sealed class BuildStamp
{
    public BuildStamp(IWebHostEnvironment environment)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(typeof(BuildStamp).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        hash.AppendData(typeof(RankingsOptions).Assembly.ManifestModule.ModuleVersionId.ToByteArray());
        var manifest = Path.Combine(AppContext.BaseDirectory, $"{environment.ApplicationName}.staticwebassets.endpoints.json");
        if (File.Exists(manifest)) hash.AppendData(File.ReadAllBytes(manifest));
        Value = Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 6));
    }

    public string Value { get; }
}
