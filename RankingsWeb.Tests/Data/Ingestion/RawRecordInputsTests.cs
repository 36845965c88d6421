using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Ingestion;

/// <summary>What a PostgreSQL raw row keeps of a record's inputs gives them back exactly, and keeps nothing where the keys rebuild them.</summary>
public class RawRecordInputsTests
{
    private static ValidRecord Parse(TestRecord t)
    {
        var (record, rejection) = RecordParser.Parse(System.Text.Encoding.UTF8.GetBytes(t.ToJson()), 1, t.CreatedAt);
        Assert.Null(rejection);
        return record!;
    }

    [Fact]
    public void Of_ThenRestore_GivesBackTheInputsAsSent_UnderTheStoredKeys_WhateverTheyAre()
    {
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var sent = new TestRecord[]
        {
            new("a", at, "openai/gpt-5", 1, 1),
            new("b", at, "DeepSeek/DeepSeek-R1:Free", 1, 1, AppUrl: "https://cline.bot/", Category: "Programming", Provider: "Amazon Bedrock"),
            new("c", at, "x-ai/grok-4", 1, 1, AppUrl: "https://www.kilocode.ai/?x=1", AppTitle: "Kilo", Provider: "deepinfra"),
            new("d", at, "qwen/qwen3-coder", 1, 1, AppUrl: "https://rebuilt.example", Category: "legal"),
            new("e", at, "qwen/qwen3-coder", 1, 1, AppUrl: "   ", AppTitle: "My App"),
        };
        foreach (var t in sent)
        {
            var r = Parse(t);
            // Under the parser's keys, and under keys another build might have stored (the inputs unchanged).
            foreach (var stored in (ValidRecord[])[r, r with { Provider = "x", AppKey = "www." + r.AppKey, Category = "c" }, r with { AppKey = null, AppSource = AppSource.None, Provider = null }])
            {
                var kept = RawRecordInputs.Of(stored);
                Assert.Equal(r.Inputs, kept.Restore(stored.Keys, stored.AppTitle));
            }
        }

        // Nothing kept where the keys rebuild the input; a trailing "/" costs one character.
        Assert.Equal(new RawRecordInputs(0, null, null, null, null), RawRecordInputs.Of(Parse(sent[3])));
        Assert.Equal(new RawRecordInputs(8, null, null, null, null), RawRecordInputs.Of(Parse(sent[0]))); // category absent
        var b = RawRecordInputs.Of(Parse(sent[1]));
        Assert.Equal(((short?)64, "/", "Amazon Bedrock", "DeepSeek/DeepSeek-R1:Free", "Programming"), (b.Flags, b.AppUrl, b.Provider, b.Model, b.Category));
        Assert.Equal(RawRecordInputs.Unknown, RawRecordInputs.Of(Parse(sent[0]) with { Inputs = null }));
        Assert.Equal(RawRecordInputs.Unknown, RawRecordInputs.Of(Parse(sent[0]) with { Inputs = Parse(sent[0]).Inputs!.Value with { Provider = "a\0b" } }));
    }
}
