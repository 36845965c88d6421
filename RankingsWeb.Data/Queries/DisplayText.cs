namespace RankingsWeb.Data.Queries;

/// <summary>Text from ingested data, made fit to show to people.</summary>
public static class DisplayText
{
    /// <summary>
    /// Removes the bidirectional controls: embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
    /// marks (U+200E, U+200F, U+061C), which reorder the neutral characters around them. In a name
    /// they reorder what a reader sees around them ("\u202Egnp.exe" reads "exe.png") and can run on into the text
    /// beside the name; a name needs none of them, since the browser orders right-to-left scripts by itself. Applied
    /// where names are produced for display, so pages, charts and downloads all show the same cleaned name; the
    /// stored records keep what was sent.
    /// </summary>
    public static string Clean(string text) =>
        text.AsSpan().IndexOfAny(Controls) < 0 ? text : string.Concat(text.Where(c => !IsControl(c)));

    private static bool IsControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    private static readonly System.Buffers.SearchValues<char> Controls =
        System.Buffers.SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");
}
