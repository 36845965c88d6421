using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Sqlite;

/// <summary>A record's derived keys, absent optional ones as ''.</summary>
public readonly record struct ComboKey(
    string ModelKey, string Variant, string Author, string AppKey, string AppTitle, AppSource AppSource, string Category, string Provider)
{
    public static ComboKey Of(ValidRecord r) =>
        new(r.ModelKey, r.Variant, r.Author, r.AppKey ?? "", r.AppTitle ?? "", r.AppSource, r.Category, r.Provider ?? "");

    /// <summary>The derived keys, absent ones null.</summary>
    public DerivedKeys Keys => new(ModelKey, Variant, Author, Provider.Length == 0 ? null : Provider,
        AppKey.Length == 0 ? null : AppKey, AppSource, Category);

    /// <summary>This combination with the keys <paramref name="k"/> (the app title kept).</summary>
    public ComboKey With(in DerivedKeys k) =>
        new(k.ModelKey, k.Variant, k.Author, k.AppKey ?? "", AppTitle, k.AppSource, k.Category, k.Provider ?? "");
}

/// <summary>What a block keeps of a combination's derivation inputs (see <see cref="RecordDerivation.Rebuild"/>); the title is the combination's.</summary>
public readonly record struct KeptInputs(KeptInput Model, KeptInput Provider, KeptInput AppUrl, KeptInput Category)
{
    public static KeptInputs Of(in DerivationInputs sent, in DerivedKeys k) => new(
        RecordDerivation.Keep(InputField.Model, sent.Model, k), RecordDerivation.Keep(InputField.Provider, sent.Provider, k),
        RecordDerivation.Keep(InputField.AppUrl, sent.AppUrl, k), RecordDerivation.Keep(InputField.Category, sent.Category, k));

    /// <summary>The inputs as sent, given the combination they are kept with.</summary>
    public DerivationInputs Restore(in ComboKey c)
    {
        var k = c.Keys;
        return new DerivationInputs(
            RecordDerivation.Restore(InputField.Model, Model, k), RecordDerivation.Restore(InputField.Provider, Provider, k),
            RecordDerivation.Restore(InputField.AppUrl, AppUrl, k), c.AppTitle.Length == 0 ? null : c.AppTitle,
            RecordDerivation.Restore(InputField.Category, Category, k));
    }
}

/// <summary>One stored record as a block holds it: <see cref="Combo"/> indexes the block's <see cref="RecordBlock.Reader.Combos"/>.</summary>
public readonly record struct StoredRecord(
    string? Id, long CreatedAtMs, int Day, int Combo,
    long TokensPrompt, long TokensCompletion, long TokensReasoning, long TokensCached, long CostNanos,
    long Requests = 1, long ToolCalls = 0);

/// <summary>
/// SQLite: accepted records are stored packed, many to a <c>record_blocks</c> row, in arrival order. A row per
/// record, with its keys in a shared table, cost the single writer a row insert and a key lookup per record
/// under the write lock; a block is built before the write lock is taken
/// and stored in one insert, and the fold reads it back in one column.
/// <para>
/// Layout: a format byte (2); the block's distinct strings (count, then each as length and UTF-8); its distinct
/// key combinations (count, then each as the indexes of model, variant, author, app key, app title, use case
/// and provider in the strings, and the app source); then per record its id (length, then UTF-8) and eight
/// integers — created_at, day, combination index, prompt, completion, reasoning and cached tokens, cost in
/// nano-USD — then requests and tool calls (contract v1.1). Format 1, written before v1.1, stops after cost: its
/// records read as one request and no tool calls, so a database from the previous build folds the same.
/// Format 3 adds to each combination, after its app source, the derivation inputs its records were sent with: 0 when
/// none are known (a record not from the parser), else 1 and, for model, provider, app_url and category, 0 when the
/// input is rebuilt from the keys (<see cref="RecordDerivation.Rebuild"/>), 1 when it was absent, or 2 + the index of
/// its text in the strings. Records of one combination's keys sent with other inputs are another combination. Format
/// 2 reads as "no inputs known": a re-fold keeps such records' keys as they are. Counts, lengths and indexes are LEB128 varints; the record integers zigzag varints, so any 64-bit
/// value round-trips and small ones take a byte or two.
/// </para>
/// </summary>
public static class RecordBlock
{
    /// <summary>The format this build writes.</summary>
    public const byte Format = 3;

    /// <summary>The format before derivation inputs were kept (contract v1.1). Still read, never written.</summary>
    public const byte FormatWithoutInputs = 2;

    /// <summary>The format before contract v1.1: no requests or tool calls per record. Still read, never written.</summary>
    public const byte FormatWithoutRequests = 1;

    /// <summary>Records per block at most: a full batch at the body limit still makes blocks of a few MB.</summary>
    public const int MaxRecords = 16_384;

    /// <summary>Packs records in the order they are added.</summary>
    public sealed class Writer
    {
        private readonly Dictionary<string, int> strings = new(StringComparer.Ordinal);
        private readonly List<string> stringList = [];
        private readonly Dictionary<(ComboKey, DerivationInputs?), int> combos = [];
        private readonly List<(ComboKey Keys, KeptInputs? Inputs)> comboList = [];
        private readonly ArrayBufferWriter<byte> records;

        public Writer(int expectedRecords) => records = new ArrayBufferWriter<byte>(expectedRecords * 32 + 16);

        public int Count { get; private set; }

        public void Add(string id, long createdAtMs, int day, in ComboKey combo,
            long prompt, long completion, long reasoning, long cached, long costNanos, long requests = 1, long toolCalls = 0,
            DerivationInputs? inputs = null)
        {
            if (!combos.TryGetValue((combo, inputs), out var index))
            {
                index = comboList.Count;
                combos.Add((combo, inputs), index);
                KeptInputs? kept = inputs is { } sent ? KeptInputs.Of(sent, combo.Keys) : null;
                comboList.Add((combo, kept));
                foreach (var s in (ReadOnlySpan<string>)[combo.ModelKey, combo.Variant, combo.Author, combo.AppKey, combo.AppTitle, combo.Category, combo.Provider])
                {
                    if (strings.TryAdd(s, stringList.Count)) stringList.Add(s);
                }
                if (kept is { } k)
                {
                    foreach (var input in (ReadOnlySpan<KeptInput>)[k.Model, k.Provider, k.AppUrl, k.Category])
                    {
                        if (input.Text is { } s && strings.TryAdd(s, stringList.Count)) stringList.Add(s);
                    }
                }
            }
            var idBytes = Encoding.UTF8.GetByteCount(id);
            var span = records.GetSpan(idBytes + 10 * 11);
            var n = WriteVarint(span, (ulong)idBytes);
            n += Encoding.UTF8.GetBytes(id, span[n..]);
            n += WriteSigned(span[n..], createdAtMs);
            n += WriteSigned(span[n..], day);
            n += WriteVarint(span[n..], (ulong)index);
            n += WriteSigned(span[n..], prompt);
            n += WriteSigned(span[n..], completion);
            n += WriteSigned(span[n..], reasoning);
            n += WriteSigned(span[n..], cached);
            n += WriteSigned(span[n..], costNanos);
            n += WriteSigned(span[n..], requests);
            n += WriteSigned(span[n..], toolCalls);
            records.Advance(n);
            Count++;
        }

        public void Add(ValidRecord r) => Add(r.Id, r.CreatedAtMs, r.Day, ComboKey.Of(r),
            r.TokensPrompt, r.TokensCompletion, r.TokensReasoning, r.TokensCached, r.CostNanos, r.Requests, r.ToolCalls, r.Inputs);

        /// <summary>The block: header (strings and combinations, in the order first seen) and records.</summary>
        public byte[] ToArray()
        {
            var header = new ArrayBufferWriter<byte>(strings.Count * 24 + combos.Count * 9 + 16);
            var span = header.GetSpan(1 + 10);
            span[0] = Format;
            header.Advance(1 + WriteVarint(span[1..], (ulong)stringList.Count));
            foreach (var s in stringList) // in index order
            {
                var bytes = Encoding.UTF8.GetByteCount(s);
                span = header.GetSpan(bytes + 10);
                var n = WriteVarint(span, (ulong)bytes);
                header.Advance(n + Encoding.UTF8.GetBytes(s, span[n..]));
            }
            span = header.GetSpan(10);
            header.Advance(WriteVarint(span, (ulong)comboList.Count));
            foreach (var (c, kept) in comboList)
            {
                span = header.GetSpan(13 * 10);
                var n = 0;
                foreach (var s in (ReadOnlySpan<string>)[c.ModelKey, c.Variant, c.Author, c.AppKey, c.AppTitle, c.Category, c.Provider])
                    n += WriteVarint(span[n..], (ulong)strings[s]);
                n += WriteVarint(span[n..], (ulong)c.AppSource);
                if (kept is { } k)
                {
                    span[n++] = 1;
                    foreach (var input in (ReadOnlySpan<KeptInput>)[k.Model, k.Provider, k.AppUrl, k.Category])
                    {
                        n += WriteVarint(span[n..], input.Kind switch
                        {
                            KeptKind.Rebuilt => 0UL,
                            KeptKind.Absent => 1UL,
                            _ => 2 + (ulong)strings[input.Text!],
                        });
                    }
                }
                else
                {
                    span[n++] = 0;
                }
                header.Advance(n);
            }
            var block = new byte[header.WrittenCount + records.WrittenCount];
            header.WrittenSpan.CopyTo(block);
            records.WrittenSpan.CopyTo(block.AsSpan(header.WrittenCount));
            return block;
        }
    }

    /// <summary>
    /// Reads a block: <see cref="Combos"/> at once (strings interned), then the records in order with
    /// <see cref="Next"/>; <c>withId: false</c> skips the ids' text.
    /// </summary>
    public ref struct Reader
    {
        private ReadOnlySpan<byte> rest;
        private int left;
        private readonly bool withRequests;

        public Reader(ReadOnlySpan<byte> data, long records)
        {
            if (data.IsEmpty || data[0] is not (Format or FormatWithoutInputs or FormatWithoutRequests))
                throw new InvalidDataException($"record block: unknown format {(data.IsEmpty ? "(empty)" : data[0])}");
            withRequests = data[0] != FormatWithoutRequests;
            var withInputs = data[0] == Format;
            rest = data[1..];
            left = checked((int)records);
            var strings = new string[Count(rest.Length)];
            char[]? rented = null;
            try
            {
                for (var i = 0; i < strings.Length; i++)
                {
                    var bytes = Length();
                    if (rented is null || rented.Length < bytes) // UTF-8 never takes fewer bytes than UTF-16 code units
                    {
                        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
                        rented = ArrayPool<char>.Shared.Rent(Math.Max(bytes, 256));
                    }
                    var chars = Encoding.UTF8.GetChars(rest[..bytes], rented);
                    strings[i] = Interned.Get(rented.AsSpan(0, chars));
                    rest = rest[bytes..];
                }
            }
            finally
            {
                if (rented is not null) ArrayPool<char>.Shared.Return(rented);
            }
            Combos = new ComboKey[Count(rest.Length)];
            kept = new KeptInputs?[Combos.Length];
            Span<int> field = stackalloc int[7];
            for (var i = 0; i < Combos.Length; i++)
            {
                for (var f = 0; f < field.Length; f++) field[f] = Index(strings.Length);
                Combos[i] = new ComboKey(ModelKey: strings[field[0]], Variant: strings[field[1]], Author: strings[field[2]],
                    AppKey: strings[field[3]], AppTitle: strings[field[4]], AppSource: (AppSource)checked((byte)ReadVarint()),
                    Category: strings[field[5]], Provider: strings[field[6]]);
                if (withInputs && ReadVarint() switch { 0 => false, 1 => true, _ => throw new InvalidDataException("record block: an unknown inputs flag") })
                {
                    kept[i] = new KeptInputs(Input(strings), Input(strings), Input(strings), Input(strings));
                }
            }
        }

        private readonly KeptInputs?[] kept;

        /// <summary>
        /// The derivation inputs the records of combination <paramref name="combo"/> were sent with; null where none are
        /// known (format 2, or records not from the parser). Rebuilt on asking: the fold never needs them.
        /// </summary>
        public readonly DerivationInputs? InputsOf(int combo) => kept[combo] is { } k ? k.Restore(Combos[combo]) : null;

        private KeptInput Input(string[] strings) => ReadVarint() switch
        {
            0 => KeptInput.Rebuilt,
            1 => KeptInput.Absent,
            var i when i - 2 < (ulong)strings.Length => KeptInput.Of(strings[i - 2]),
            _ => throw new InvalidDataException("record block: an index out of range"),
        };

        /// <summary>The block's key combinations; a record's <see cref="StoredRecord.Combo"/> indexes them.</summary>
        public ComboKey[] Combos { get; }

        public bool Next(out StoredRecord record, bool withId = true)
        {
            if (left == 0)
            {
                if (!rest.IsEmpty) throw new InvalidDataException("record block: bytes after its last record");
                record = default;
                return false;
            }
            left--;
            var idBytes = Length();
            var id = withId ? Encoding.UTF8.GetString(rest[..idBytes]) : null;
            rest = rest[idBytes..];
            var createdAt = ReadSigned();
            var day = checked((int)ReadSigned());
            var combo = Index(Combos.Length);
            var (prompt, completion, reasoning, cached, cost) = (ReadSigned(), ReadSigned(), ReadSigned(), ReadSigned(), ReadSigned());
            var (requests, toolCalls) = withRequests ? (ReadSigned(), ReadSigned()) : (1L, 0L);
            record = new StoredRecord(id, createdAt, day, combo, prompt, completion, reasoning, cached, cost, requests, toolCalls);
            return true;
        }

        /// <summary>A count that cannot exceed one entry per remaining byte.</summary>
        private int Count(int atMost)
        {
            var n = ReadVarint();
            return n <= (ulong)atMost ? (int)n : throw new InvalidDataException("record block: a count larger than the block");
        }

        private int Length()
        {
            var n = ReadVarint();
            return n <= (ulong)rest.Length ? (int)n : throw new InvalidDataException("record block: truncated text");
        }

        private int Index(int count)
        {
            var i = ReadVarint();
            return i < (ulong)count ? (int)i : throw new InvalidDataException("record block: an index out of range");
        }

        private long ReadSigned()
        {
            var v = ReadVarint();
            return (long)(v >> 1) ^ -(long)(v & 1);
        }

        private ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (rest.IsEmpty) throw new InvalidDataException("record block: truncated");
                var b = rest[0];
                rest = rest[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
            throw new InvalidDataException("record block: a varint longer than 64 bits");
        }
    }

    private static int WriteSigned(Span<byte> span, long value) => WriteVarint(span, (ulong)((value << 1) ^ (value >> 63)));

    private static int WriteVarint(Span<byte> span, ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[n++] = (byte)value;
        return n;
    }
}
