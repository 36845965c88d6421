using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace RankingsWeb.Data.Ingestion;

/// <summary>What one chunk of input parsed into.</summary>
public sealed class ParsedChunk
{
    public List<ValidRecord> Records { get; } = [];
    public List<Rejection> Rejections { get; } = [];
    public int Count => Records.Count + Rejections.Count;
}

/// <summary>Thrown when the body grows past the configured limit while streaming.</summary>
public sealed class PayloadTooLargeException(long limit) : Exception($"the body is larger than {limit} bytes")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Streams NDJSON or a JSON array into validated records, calling back per chunk. Nothing but the
/// current line is buffered, so a body is never held twice.
/// </summary>
public static class IngestReader
{
    public enum Format { Ndjson, JsonArrayOrNdjson }

    public static Format? FormatFor(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return null;
        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines" => Format.Ndjson,
            "application/json" => Format.JsonArrayOrNdjson,
            _ => null,
        };
    }

    public static async Task ReadAsync(Stream body, Format format, TimeProvider clock, int chunkSize,
        Func<ParsedChunk, Task> onChunk, CancellationToken ct)
    {
        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        try
        {
            if (format == Format.JsonArrayOrNdjson && await StartsWithArrayAsync(reader, ct))
                await ReadArrayAsync(reader.AsStream(leaveOpen: true), clock, chunkSize, onChunk, ct);
            else
                await ReadLinesAsync(reader, clock, chunkSize, onChunk, ct);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static async Task<bool> StartsWithArrayAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            foreach (var segment in buffer)
            {
                foreach (var b in segment.Span)
                {
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
                    reader.AdvanceTo(buffer.Start);
                    return b == (byte)'[';
                }
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) return false;
        }
    }

    private static async Task ReadLinesAsync(PipeReader reader, TimeProvider clock, int chunkSize,
        Func<ParsedChunk, Task> onChunk, CancellationToken ct)
    {
        var chunk = new ParsedChunk();
        var lineNo = 0;
        var now = clock.GetUtcNow();
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                lineNo++;
                Handle(line, lineNo, now, chunk);
            }
            if (result.IsCompleted && !buffer.IsEmpty)
            {
                lineNo++;
                Handle(buffer, lineNo, now, chunk);
                buffer = buffer.Slice(buffer.End);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (chunk.Count >= chunkSize)
            {
                await onChunk(chunk);
                chunk = new ParsedChunk();
                now = clock.GetUtcNow();
            }
            if (result.IsCompleted) break;
        }
        if (chunk.Count > 0) await onChunk(chunk);
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var pos = buffer.PositionOf((byte)'\n');
        if (pos is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, pos.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, pos.Value));
        return true;
    }

    private static void Handle(ReadOnlySequence<byte> line, int lineNo, DateTimeOffset now, ParsedChunk chunk)
    {
        if (line.IsSingleSegment)
        {
            HandleSpan(line.FirstSpan, lineNo, now, chunk);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent((int)line.Length);
        try
        {
            line.CopyTo(rented);
            HandleSpan(rented.AsSpan(0, (int)line.Length), lineNo, now, chunk);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void HandleSpan(ReadOnlySpan<byte> line, int lineNo, DateTimeOffset now, ParsedChunk chunk)
    {
        if (lineNo == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
        line = line.TrimEnd("\r"u8);
        if (line.Trim(" \t\r"u8).IsEmpty) return; // blank lines are neither accepted nor rejected
        var (record, rejection) = RecordParser.Parse(line, lineNo, now);
        if (record is not null) chunk.Records.Add(record);
        else chunk.Rejections.Add(rejection!);
    }

    private static async Task ReadArrayAsync(Stream stream, TimeProvider clock, int chunkSize,
        Func<ParsedChunk, Task> onChunk, CancellationToken ct)
    {
        var chunk = new ParsedChunk();
        var index = 0;
        var now = clock.GetUtcNow();
        try
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: ct))
            {
                index++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    var raw = element.GetRawText();
                    chunk.Rejections.Add(new Rejection(index, null, "element is not a JSON object",
                        raw.Length > RecordParser.MaxRawChars ? raw[..RecordParser.MaxRawChars] : raw));
                }
                else
                {
                    var (record, rejection) = RecordParser.Parse(JsonSerializer.SerializeToUtf8Bytes(element), index, now);
                    if (record is not null) chunk.Records.Add(record);
                    else chunk.Rejections.Add(rejection!);
                }
                if (chunk.Count >= chunkSize)
                {
                    await onChunk(chunk);
                    chunk = new ParsedChunk();
                    now = clock.GetUtcNow();
                }
            }
        }
        catch (JsonException ex)
        {
            // The array cannot be read past this point; what came before still counts.
            chunk.Rejections.Add(new Rejection(index + 1, null,
                $"malformed JSON array after element {index}: {ex.Message.Split(" Path:")[0]}", ""));
        }
        if (chunk.Count > 0) await onChunk(chunk);
    }
}
