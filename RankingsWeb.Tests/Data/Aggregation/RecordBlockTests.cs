using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Aggregation;

/// <summary>The block format SQLite stores records in (a pure unit test, SQLite-only like the store that uses it): every value read back as written, damage refused.</summary>
public class RecordBlockTests
{
    [SqliteFact]
    public void RecordBlock_RoundTripsEveryValue_AndRefusesDamagedBlocks()
    {
        var a = new ComboKey("openai/gpt-5", "", "openai", "", "", global::RankingsWeb.Data.Entities.AppSource.None, "programming", "");
        var b = new ComboKey("x/ünï", "thinking", "x", "app.example/путь", "Ap\u0000p 🚀", global::RankingsWeb.Data.Entities.AppSource.Url, "", "amazon-bedrock");
        var writer = new RecordBlock.Writer(4);
        writer.Add("id-1", long.MinValue, int.MinValue, a, long.MaxValue, 0, -1, 1, long.MinValue);
        writer.Add("ид-2 🚀", 1_790_000_000_000, 20_777, b, 127, 128, 16_383, 16_384, 5);
        writer.Add(new string('x', 128), -1, -1, a, 0, 0, 0, 0, 0);
        var data = writer.ToArray();

        var reader = new RecordBlock.Reader(data, 3);
        var read = new List<StoredRecord>();
        while (reader.Next(out var r)) read.Add(r);
        Assert.Equal([a, b], reader.Combos);
        Assert.Equal(
        [
            new StoredRecord("id-1", long.MinValue, int.MinValue, 0, long.MaxValue, 0, -1, 1, long.MinValue),
            new StoredRecord("ид-2 🚀", 1_790_000_000_000, 20_777, 1, 127, 128, 16_383, 16_384, 5),
            new StoredRecord(new string('x', 128), -1, -1, 0, 0, 0, 0, 0, 0),
        ], read);

        // Damaged: cut short, a byte too many, a wrong count, an unknown format. Each is refused, never misread.
        Assert.Throws<InvalidDataException>(() => ReadAll(data[..^1], 3));
        Assert.Throws<InvalidDataException>(() => ReadAll([.. data, 0], 3));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 4));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 2));
        Assert.Throws<InvalidDataException>(() => ReadAll([2, .. data[1..]], 3));

        static void ReadAll(byte[] block, long records)
        {
            var r = new RecordBlock.Reader(block, records);
            while (r.Next(out _)) { }
        }
    }
}
