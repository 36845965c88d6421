using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Data.Configuration;

/// <summary>
/// Data annotations on an options class, checked on start, with each failure naming the configuration key and the
/// value (<c>Rankings:MaxIngestBytes must be between 1 and … (got 0)</c>). The stock <c>ValidateDataAnnotations</c>
/// names the C# property instead, which an operator editing JSON or environment variables cannot look up.
/// </summary>
public sealed class AnnotatedOptionsValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{section}:{property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name}";
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key };
            var results = new List<ValidationResult>();
            if (Validator.TryValidateProperty(value, context, results)) continue;
            failures.AddRange(results.Select(r => $"{r.ErrorMessage?.TrimEnd('.')} (got '{value}')."));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class OptionsValidationExtensions
{
    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/>, checks its annotations on start and records its keys as known.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, string? sectionUnderRankings = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedOptionsValidator<T>(section));
        services.AddSingleton(KnownSettings.Of<T>(sectionUnderRankings));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }
}
