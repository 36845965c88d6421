using Microsoft.AspNetCore.WebUtilities;

namespace RankingsWeb.Api;

/// <summary>Errors that reach the pipeline on an API path (an exception, or a status without a body such as routing's 404 and 405).</summary>
public static class ApiErrors
{
    public static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    /// <summary>A problem details answer for the status already set; no internals (the exception handler has logged them).</summary>
    public static Task WriteAsync(HttpContext ctx)
    {
        var status = ctx.Response.StatusCode is >= 400 and <= 599 ? ctx.Response.StatusCode : StatusCodes.Status500InternalServerError;
        var detail = status >= 500
            ? "The server could not complete the request; the error was logged."
            : $"{ReasonPhrases.GetReasonPhrase(status).ToLowerInvariant()}: {ctx.Request.Method} {ctx.Request.Path}";
        // `error` as on every other API error (ApiKeys.Error), so clients read one field whatever answered.
        return ApiKeys.Error(status, detail).ExecuteAsync(ctx);
    }
}
