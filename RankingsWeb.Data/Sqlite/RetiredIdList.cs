using System.Buffers;
using System.Text;

namespace RankingsWeb.Data.Sqlite;

/// <summary>
/// SQLite only: the ids of a record block that retention deleted while its ids must still make a resend a duplicate
/// (<see cref="RankingsOptions.DedupDays"/> beyond <see cref="RankingsOptions.RawRetentionDays"/>). The ids stay in
/// <c>record_ids</c>, which is keyed by id alone; this list is how retention finds them again when they expire, with
/// no index on <c>record_ids.batch_id</c> for every ingested record to pay for. Keyed by the block's
/// <see cref="Seq"/>, so a table scan meets them in arrival order.
/// </summary>
public sealed class RetiredIdList
{
    public long Seq { get; set; }
    public long BatchId { get; set; }
    public long Count { get; set; }
    /// <summary>The ids, each as a LEB128 length and UTF-8 (<see cref="Pack"/>).</summary>
    public required byte[] Data { get; set; }

    public static byte[] Pack(IReadOnlyList<string> ids)
    {
        var buffer = new ArrayBufferWriter<byte>(ids.Count * 24 + 8);
        foreach (var id in ids)
        {
            var bytes = Encoding.UTF8.GetByteCount(id);
            var span = buffer.GetSpan(bytes + 5);
            var n = 0;
            for (var v = (uint)bytes; ; v >>= 7)
            {
                if (v < 0x80)
                {
                    span[n++] = (byte)v;
                    break;
                }
                span[n++] = (byte)(v | 0x80);
            }
            buffer.Advance(n + Encoding.UTF8.GetBytes(id, span[n..]));
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static List<string> Unpack(ReadOnlySpan<byte> data)
    {
        var ids = new List<string>();
        while (!data.IsEmpty)
        {
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (data.IsEmpty || shift > 28) throw new InvalidDataException("retired ids: truncated");
                var b = data[0];
                data = data[1..];
                length |= (b & 0x7F) << shift;
                if (b < 0x80) break;
            }
            if (length > data.Length) throw new InvalidDataException("retired ids: truncated");
            ids.Add(Encoding.UTF8.GetString(data[..length]));
            data = data[length..];
        }
        return ids;
    }
}
