using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RankingsWeb.Tests.TestInfrastructure;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Web.Deployment;

/// <summary>
/// The files in deploy/ as an operator installs them: the systemd unit passes <c>systemd-analyze verify</c> (and its
/// offline security audit), the nginx site passes <c>nginx -t</c> inside Debian's own nginx.conf, and the two agree
/// on the app's address. Web/Proxy/ReverseProxyTests runs traffic through the site file.
/// </summary>
public sealed partial class DeployFilesTests(ITestOutputHelper output)
{
    private static string Unit => RepoPaths.File("deploy", "rankingsweb.service");

    [CommandFact("systemd-analyze")]
    public async Task SystemdUnit_PassesSystemdAnalyzeVerify_WithNoWarning()
    {
        var dir = Directory.CreateTempSubdirectory("rankings-unit-");
        try
        {
            // verify checks that ExecStart's program exists. The unit names Debian's /usr/bin/dotnet; where .NET lives
            // elsewhere, the copy checked names the dotnet running these tests instead, and says so.
            var unit = await File.ReadAllTextAsync(Unit);
            const string Dotnet = "ExecStart=/usr/bin/dotnet ";
            Assert.Contains(Dotnet, unit);
            if (!File.Exists("/usr/bin/dotnet"))
            {
                var here = Commands.Find("dotnet") ?? Environment.ProcessPath!;
                output.WriteLine($"/usr/bin/dotnet is absent here: verifying with ExecStart={here}");
                unit = unit.Replace(Dotnet, $"ExecStart={here} ", StringComparison.Ordinal);
            }
            var copy = Path.Combine(dir.FullName, "rankingsweb.service");
            await File.WriteAllTextAsync(copy, unit);

            var (code, text) = await RunAsync("systemd-analyze", "verify", copy);
            Assert.True(code == 0 && text.Trim().Length == 0, $"systemd-analyze verify: exit {code}\n{text}");

            // The offline audit (systemd 250+) scores the hardening: 0 is locked down, 10 is none.
            var (auditCode, audit) = await RunAsync("systemd-analyze", "security", "--offline=true", "--no-pager", copy);
            var score = ExposureLevel().Match(audit);
            if (auditCode != 0 && !score.Success)
            {
                output.WriteLine($"systemd-analyze security --offline is not supported here (exit {auditCode}): {audit.Trim()}");
                return;
            }
            var exposure = double.Parse(score.Groups[1].Value, CultureInfo.InvariantCulture);
            output.WriteLine($"systemd-analyze security: exposure {exposure}");
            Assert.True(exposure <= 2.0, $"the unit's exposure level rose to {exposure}:\n{audit}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [NginxFact]
    public async Task NginxSite_PassesNginxT_InDebiansNginxConf()
    {
        const string DebianConf = "/etc/nginx/nginx.conf";
        Assert.True(File.Exists(DebianConf), $"{DebianConf} is missing: nginx is installed without Debian's configuration");
        var dir = Directory.CreateTempSubdirectory("rankings-nginx-t-");
        try
        {
            // The site as an operator installs it, with a real certificate; Debian's main file including it instead
            // of sites-enabled, and writing its logs and pid to the temp folder rather than the system's.
            using var certificate = NginxProxy.WriteCertificate(dir.FullName);
            var site = (await File.ReadAllTextAsync(NginxProxy.SiteFile))
                .Replace("/etc/letsencrypt/live/rankings.example.com/fullchain.pem", Path.Combine(dir.FullName, "cert.pem"), StringComparison.Ordinal)
                .Replace("/etc/letsencrypt/live/rankings.example.com/privkey.pem", Path.Combine(dir.FullName, "key.pem"), StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "rankingsweb"), site);
            var main = await File.ReadAllTextAsync(DebianConf);
            const string Sites = "include /etc/nginx/sites-enabled/*;";
            Assert.Contains(Sites, main);
            main = main.Replace(Sites, $"include {dir.FullName}/rankingsweb;", StringComparison.Ordinal)
                .Replace("/var/log/nginx/", dir.FullName + "/", StringComparison.Ordinal)
                .Replace("/run/nginx.pid", Path.Combine(dir.FullName, "nginx.pid"), StringComparison.Ordinal);
            var conf = Path.Combine(dir.FullName, "nginx.conf");
            await File.WriteAllTextAsync(conf, main);

            var (code, text) = await NginxProxy.CheckConfigAsync(conf, Path.Combine(dir.FullName, "error.log"));
            output.WriteLine(text);
            Assert.True(code == 0, $"nginx -t: exit {code}\n{text}");
            Assert.Contains("test is successful", text);
            // No warning about the site, except the one nginx 1.25.1+ gives for `listen … http2` (Debian 12 has 1.22).
            Assert.DoesNotContain(text.Split('\n'), l => l.Contains("[warn]") && l.Contains("rankingsweb", StringComparison.Ordinal)
                && !l.Contains("\"listen ... http2\" directive is deprecated", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void UnitAndSite_AgreeOnTheAppsAddress()
    {
        var urls = Regex.Match(File.ReadAllText(Unit), @"^Environment=ASPNETCORE_URLS=http://([0-9.]+:[0-9]+)\s*$", RegexOptions.Multiline);
        Assert.True(urls.Success, "the unit sets ASPNETCORE_URLS to one http address");
        var upstream = Regex.Match(File.ReadAllText(NginxProxy.SiteFile), @"upstream rankingsweb \{\s*server ([0-9.]+:[0-9]+);");
        Assert.True(upstream.Success, "the site has an upstream rankingsweb with one server");
        Assert.Equal(urls.Groups[1].Value, upstream.Groups[1].Value);
        // Loopback only: nothing but the proxy on this host reaches the app, and the app trusts loopback as its proxy.
        Assert.StartsWith("127.0.0.1:", urls.Groups[1].Value);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] args)
    {
        var start = new ProcessStartInfo(Commands.Find(command)!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stderr) + (await stdout));
    }

    [GeneratedRegex(@"Overall exposure level for \S+: ([0-9.]+)")]
    private static partial Regex ExposureLevel();
}
