namespace RankingsWeb.Data.Queries;

/// <summary>Text from ingested data, made fit to show to people.</summary>
public static class DisplayText
{
    /// <summary>
    /// What a name needs none of, and what lets one name pass for another. Applied where names are produced for
    /// display, so pages, charts, JSON answers and downloads all show the same cleaned name; the stored records keep
    /// what was sent.
    /// <list type="bullet">
    /// <item>The bidirectional controls are removed: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
    /// and the marks (U+200E, U+200F, U+061C). They reorder what a reader sees around them ("\u202Egnp.exe" reads
    /// "exe.png") and can run on into the text beside the name; the browser orders right-to-left scripts by itself.</item>
    /// <item>Invisible characters are removed: zero width space U+200B, soft hyphen U+00AD, word joiner and invisible
    /// operators U+2060–U+2064, the deprecated format characters U+206A–U+206F, U+180E and U+FEFF. "Cl\u200Bine" looked
    /// exactly like "Cline". The joiners U+200C and U+200D stay: scripts and emoji sequences are written with them.</item>
    /// <item>Control characters (U+0000–U+001F, U+007F–U+009F) become spaces: a tab or a line break in a title
    /// separates words, and an escape sequence must not reach a terminal that prints a download.</item>
    /// </list>
    /// </summary>
    public static string Clean(string text)
    {
        if (text.AsSpan().IndexOfAny(Affected) < 0) return text;
        var clean = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (IsControl(c)) clean.Append(' ');
            else if (!IsRemoved(c)) clean.Append(c);
        }
        return clean.ToString();
    }

    private static bool IsControl(char c) => c is <= '\u001F' or >= '\u007F' and <= '\u009F';

    private static bool IsRemoved(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C'
            or '\u200B' or '\u00AD' or >= '\u2060' and <= '\u2064' or >= '\u206A' and <= '\u206F' or '\u180E' or '\uFEFF';

    private static readonly System.Buffers.SearchValues<char> Affected = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(i => (char)i).Where(c => IsControl(c) || IsRemoved(c)).ToArray());
}
