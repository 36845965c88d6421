namespace RankingsWeb.Data.Entities;

/// <summary>
/// SQLite only: the cube stored compactly. A <see cref="Rollup"/> row's five text keys live once in
/// <see cref="CubeKey"/>, and the cube itself (<c>cube</c>) holds (day, key id, sums); the view <c>rollups</c>
/// joins the two back into <see cref="Rollup"/>'s columns for the queries. A fold adds to tens of thousands of
/// cube rows per step, and with text keys in every row each of those upserts rewrote a wide row in a wide tree.
/// </summary>
public sealed class CubeKey
{
    public long Id { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string AppKey { get; set; }
    public required string Category { get; set; }
    public required string Provider { get; set; }
    public required string Author { get; set; }
}
