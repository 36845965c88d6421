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
        writer.Add("v1.1", 5, 0, b, 1, 2, 1, 0, 3, requests: 1_000_000_000, toolCalls: long.MaxValue);
        var data = writer.ToArray();
        Assert.Equal(RecordBlock.Format, data[0]);

        var reader = new RecordBlock.Reader(data, 4);
        var read = new List<StoredRecord>();
        while (reader.Next(out var r)) read.Add(r);
        Assert.Equal([a, b], reader.Combos);
        Assert.Equal(
        [
            new StoredRecord("id-1", long.MinValue, int.MinValue, 0, long.MaxValue, 0, -1, 1, long.MinValue),
            new StoredRecord("ид-2 🚀", 1_790_000_000_000, 20_777, 1, 127, 128, 16_383, 16_384, 5),
            new StoredRecord(new string('x', 128), -1, -1, 0, 0, 0, 0, 0, 0),
            new StoredRecord("v1.1", 5, 0, 1, 1, 2, 1, 0, 3, Requests: 1_000_000_000, ToolCalls: long.MaxValue),
        ], read);

        // Damaged: cut short, a byte too many, a wrong count, an unknown format. Each is refused, never misread.
        Assert.Throws<InvalidDataException>(() => ReadAll(data[..^1], 4));
        Assert.Throws<InvalidDataException>(() => ReadAll([.. data, 0], 4));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 5));
        Assert.Throws<InvalidDataException>(() => ReadAll(data, 3));
        Assert.Throws<InvalidDataException>(() => ReadAll([4, .. data[1..]], 4));
        Assert.Throws<InvalidDataException>(() => ReadAll([2, .. data[1..]], 4)); // format 2 has no inputs flag per combination
        Assert.Throws<InvalidDataException>(() => ReadAll([0, .. data[1..]], 4));

        static void ReadAll(byte[] block, long records)
        {
            var r = new RecordBlock.Reader(block, records);
            while (r.Next(out _)) { }
        }
    }

    [SqliteFact]
    public void RecordBlock_Format1_FromTheBuildBeforeV11_ReadsAsOneRequestEachAndNoToolCalls()
    {
        var a = new ComboKey("openai/gpt-5", "none", "openai", "", "", global::RankingsWeb.Data.Entities.AppSource.None, "programming", "");
        var b = new ComboKey("x/y", "free", "x", "app.example", "App", global::RankingsWeb.Data.Entities.AppSource.Url, "roleplay", "p");
        var data = LegacyRecordBlock.Format1([("r1", 1_790_000_000_000, 20_717, a, 10, 5, 1, 2, 300), ("r2", 1_790_000_000_001, 20_717, b, 1_000_000_000, 0, 0, 0, 0)]);
        Assert.Equal(RecordBlock.FormatWithoutRequests, data[0]);

        var reader = new RecordBlock.Reader(data, 2);
        var read = new List<StoredRecord>();
        while (reader.Next(out var r)) read.Add(r);
        Assert.Equal(
        [
            new StoredRecord("r1", 1_790_000_000_000, 20_717, 0, 10, 5, 1, 2, 300, Requests: 1, ToolCalls: 0),
            new StoredRecord("r2", 1_790_000_000_001, 20_717, 1, 1_000_000_000, 0, 0, 0, 0, Requests: 1, ToolCalls: 0),
        ], read);
        Assert.Throws<InvalidDataException>(() => { var r = new RecordBlock.Reader(data[..^1], 2); while (r.Next(out _)) { } });
    }

    [SqliteFact]
    public void RecordBlock_Format3_KeepsTheInputsAsSent_OnlyWhereTheKeysCannotRebuildThem()
    {
        var keys = new ComboKey("openai/gpt-5", "thinking", "openai", "example.com/x", "My App", global::RankingsWeb.Data.Entities.AppSource.Url, "uncategorized", "amazon-bedrock");
        // Every input rebuilt from the keys: "https://" + app key, model_key:variant, the provider and category keys.
        var rebuilt = new DerivationInputs("openai/gpt-5:thinking", "amazon-bedrock", "https://example.com/x", "My App", "uncategorized");
        // The same keys from other text: each input kept as sent; the category absent.
        var sent = new DerivationInputs("OpenAI/GPT-5:Thinking", "Amazon Bedrock", "https://WWW.Example.com:443/x/", "My App", null);
        var title = new ComboKey("a/b", "none", "a", "my-app", "My App!", global::RankingsWeb.Data.Entities.AppSource.Title, "roleplay", "");
        var titleSent = new DerivationInputs("a/b", null, null, "My App!", "RolePlay");

        var writer = new RecordBlock.Writer(5);
        writer.Add("r1", 1, 0, keys, 1, 1, 0, 0, 0, inputs: rebuilt);
        writer.Add("r2", 1, 0, keys, 1, 1, 0, 0, 0, inputs: sent);
        writer.Add("r3", 1, 0, keys, 1, 1, 0, 0, 0); // not from the parser: no inputs known
        writer.Add("r4", 1, 0, title, 1, 1, 0, 0, 0, inputs: titleSent);
        writer.Add("r5", 1, 0, keys, 1, 1, 0, 0, 0, inputs: sent);
        var data = writer.ToArray();

        var reader = new RecordBlock.Reader(data, 5);
        var combos = new List<int>();
        while (reader.Next(out var r)) combos.Add(r.Combo);
        Assert.Equal([0, 1, 2, 3, 1], combos);
        Assert.Equal([keys, keys, keys, title], reader.Combos);
        Assert.Equal([rebuilt, sent, null, titleSent], (DerivationInputs?[])[reader.InputsOf(0), reader.InputsOf(1), reader.InputsOf(2), reader.InputsOf(3)]);

        // Compact: with every input rebuilt, a combination costs four bytes more than one with none known (flag 1 and four
        // codes 0, against flag 0), and no string.
        var plain = new RecordBlock.Writer(1);
        plain.Add("r1", 1, 0, keys, 1, 1, 0, 0, 0);
        var withRebuilt = new RecordBlock.Writer(1);
        withRebuilt.Add("r1", 1, 0, keys, 1, 1, 0, 0, 0, inputs: rebuilt);
        Assert.Equal(plain.ToArray().Length + 4, withRebuilt.ToArray().Length);
    }

    [SqliteFact]
    public void RecordBlock_Format2_ReadsWithNoInputsKnown()
    {
        var a = new ComboKey("x/y", "free", "x", "app.example", "App", global::RankingsWeb.Data.Entities.AppSource.Url, "roleplay", "p");
        var data = LegacyRecordBlock.Format2([("r1", 1_790_000_000_000, 20_717, a, 10, 5, 1, 2, 300)]);
        Assert.Equal(RecordBlock.FormatWithoutInputs, data[0]);
        var reader = new RecordBlock.Reader(data, 1);
        Assert.True(reader.Next(out var r));
        Assert.Equal(new StoredRecord("r1", 1_790_000_000_000, 20_717, 0, 10, 5, 1, 2, 300), r);
        Assert.False(reader.Next(out _));
        Assert.Equal([a], reader.Combos);
        Assert.Null(reader.InputsOf(0));
    }
}
