using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Telemetry;

namespace RankingsWeb.Api;

public sealed record RejectedDto(int Line, string? Id, string Error);

public sealed record IngestResponse(int Accepted, int Duplicates, IReadOnlyList<RejectedDto> Rejected, int RejectedTotal);

public static class IngestEndpoints
{
    /// <summary>Bound on the rejected list in one answer; every rejected line is still stored.</summary>
    public const int MaxRejectedInAnswer = 10_000;

    public static void MapIngest(this IEndpointRouteBuilder api)
    {
        api.MapPost("/usage", IngestAsync).DisableAntiforgery();
    }

    private static async Task<IResult> IngestAsync(HttpContext ctx, IngestionService ingestion, IOptions<RankingsOptions> options,
        ILoggerFactory loggers, RankingsMetrics metrics)
    {
        var o = options.Value;
        if (ApiKeys.Check(ctx.Request, o.IngestApiKey) != KeyCheck.Ok)
            return ApiKeys.Error(401, "a valid ingest key is required: Authorization: Bearer <Rankings:IngestApiKey>");
        var format = IngestReader.FormatFor(ctx.Request.ContentType);
        if (format is null)
            return ApiKeys.Error(415, $"content type must be application/x-ndjson or application/json (got '{ctx.Request.ContentType}')");
        if (ctx.Request.ContentLength > o.MaxIngestBytes)
            return TooLarge(o.MaxIngestBytes);
        // A compressed body (gzip, br, deflate) is read through its decoder; the size limit counts what it decodes
        // to, so a small bomb is a 413. Before, the encoding was ignored and a gzip body was stored as rejected lines.
        var encoding = ctx.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip" or "x-gzip" or "br" or "deflate"))
            return ApiKeys.Error(415, $"content encoding must be gzip, br, deflate or none (got '{encoding}')");

        var sizeFeature = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = o.MaxIngestBytes + 1;

        await using var decoded = encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(ctx.Request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(ctx.Request.Body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(ctx.Request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => (Stream?)null,
        };
        await using var body = new LimitedReadStream(decoded ?? ctx.Request.Body, o.MaxIngestBytes);
        try
        {
            var source = "http:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "local");
            var result = await ingestion.IngestAsync(body, format.Value, source, ctx.RequestAborted);
            var rejected = result.Rejected.Take(MaxRejectedInAnswer).Select(r => new RejectedDto(r.Line, r.Id, r.Error)).ToList();
            return Results.Json(new IngestResponse(result.Accepted, result.Duplicates, rejected, result.Rejected.Count), statusCode: 202);
        }
        catch (PayloadTooLargeException)
        {
            return TooLarge(o.MaxIngestBytes);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(o.MaxIngestBytes);
        }
        catch (BadHttpRequestException ex)
        {
            loggers.CreateLogger("Ingest").LogInformation("Bad ingest request: {Message}", ex.Message);
            return ApiKeys.Error(400, "the request body could not be read: " + ex.Message);
        }
        catch (InvalidDataException ex) when (decoded is not null)
        {
            // Nothing was stored: an HTTP body is committed only once it has been read whole.
            return ApiKeys.Error(400, $"the request body is not valid {encoding} data: {ex.Message}");
        }
        finally
        {
            metrics.IngestBytesRead(body.Position); // what was read, whether or not it was stored
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiKeys.Error(413, $"the body is larger than the limit of {limit} bytes (Rankings:MaxIngestBytes); split it into smaller requests");
}
