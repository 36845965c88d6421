using System.Text;
using RankingsWeb.Data.Sqlite;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// Writes a record block in format 1, as the build before contract v1.1 wrote them (no requests or tool calls per
/// record), byte for byte as its <c>RecordBlock.Writer</c> did: for tests that a database it left still reads and folds.
/// </summary>
public static class LegacyRecordBlock
{
    public static byte[] Format1(IReadOnlyList<(string Id, long CreatedAtMs, int Day, ComboKey Combo, long P, long C, long R, long K, long Cost)> records) =>
        Write(records, 1);

    /// <summary>Format 2, as the builds of contract v1.1 before derivation inputs were kept wrote it (one request, no tool calls each).</summary>
    public static byte[] Format2(IReadOnlyList<(string Id, long CreatedAtMs, int Day, ComboKey Combo, long P, long C, long R, long K, long Cost)> records) =>
        Write(records, 2);

    private static byte[] Write(IReadOnlyList<(string Id, long CreatedAtMs, int Day, ComboKey Combo, long P, long C, long R, long K, long Cost)> records, byte format)
    {
        var strings = new List<string>();
        var combos = new List<ComboKey>();
        var body = new List<byte>();
        foreach (var r in records)
        {
            var combo = combos.IndexOf(r.Combo);
            if (combo < 0)
            {
                combo = combos.Count;
                combos.Add(r.Combo);
                foreach (var s in Fields(r.Combo)) if (!strings.Contains(s)) strings.Add(s);
            }
            var id = Encoding.UTF8.GetBytes(r.Id);
            Varint(body, (ulong)id.Length);
            body.AddRange(id);
            foreach (var v in new[] { r.CreatedAtMs, r.Day }) Signed(body, v);
            Varint(body, (ulong)combo);
            foreach (var v in new[] { r.P, r.C, r.R, r.K, r.Cost }) Signed(body, v);
            if (format == 2) foreach (var v in new[] { 1L, 0L }) Signed(body, v);
        }
        var block = new List<byte> { format };
        Varint(block, (ulong)strings.Count);
        foreach (var s in strings)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Varint(block, (ulong)bytes.Length);
            block.AddRange(bytes);
        }
        Varint(block, (ulong)combos.Count);
        foreach (var c in combos)
        {
            foreach (var s in Fields(c)) Varint(block, (ulong)strings.IndexOf(s));
            Varint(block, (ulong)c.AppSource);
        }
        block.AddRange(body);
        return [.. block];
    }

    private static string[] Fields(ComboKey c) => [c.ModelKey, c.Variant, c.Author, c.AppKey, c.AppTitle, c.Category, c.Provider];

    private static void Signed(List<byte> to, long v) => Varint(to, (ulong)((v << 1) ^ (v >> 63)));

    private static void Varint(List<byte> to, ulong v)
    {
        while (v >= 0x80)
        {
            to.Add((byte)(v | 0x80));
            v >>= 7;
        }
        to.Add((byte)v);
    }
}
