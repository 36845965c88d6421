using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Data;

/// <summary>The database behind the rankings: <c>Rankings:Database</c>, case-insensitive.</summary>
public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>The <c>Rankings</c> configuration section (keys fixed by the contract).</summary>
public sealed class RankingsOptions
{
    public const string Section = "Rankings";

    public DatabaseProvider Database { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// <see cref="Database"/> as configured, read before the container is built (the provider decides what is
    /// registered); a value that is not a provider fails with the same message as <see cref="Validator"/> on start.
    /// </summary>
    public static DatabaseProvider DatabaseIn(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:{nameof(Database)}"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        // Names only: Enum.TryParse would also take "1" and "Sqlite,Postgres".
        return Enum.GetNames<DatabaseProvider>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<DatabaseProvider>(name)
            : throw new OptionsValidationException(Section, typeof(RankingsOptions), [BadDatabase(value)]);
    }

    private static string BadDatabase(string value) =>
        $"{Section}:{nameof(Database)} must be {string.Join(" or ", Enum.GetNames<DatabaseProvider>())} (got '{value}').";

    /// <summary>Checked on start (<c>ValidateOnStart</c>).</summary>
    internal sealed class Validator : IValidateOptions<RankingsOptions>
    {
        public ValidateOptionsResult Validate(string? name, RankingsOptions options)
        {
            if (!Enum.IsDefined(options.Database)) return ValidateOptionsResult.Fail(BadDatabase(options.Database.ToString()));
            if (!JobStorages.Contains(options.JobStorage, StringComparer.OrdinalIgnoreCase))
                return ValidateOptionsResult.Fail($"{Section}:{nameof(JobStorage)} must be {string.Join(", ", JobStorages[..^1])} or {JobStorages[^1]} (got '{options.JobStorage}').");
            if (options.DedupDays < options.RawRetentionDays)
                return ValidateOptionsResult.Fail($"{Section}:{nameof(DedupDays)} ({options.DedupDays}) must not be less than {Section}:{nameof(RawRetentionDays)} ({options.RawRetentionDays}): " +
                                                  "an id must be remembered at least as long as its record is kept.");
            var unknownRole = options.ActiveNodeRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(r => !AllNodeRoles.Split(',').Contains(r, StringComparer.OrdinalIgnoreCase));
            return unknownRole is null
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Section}:{nameof(NodeRoles)} may hold web, ingest and worker, comma-separated (got '{unknownRole}' in '{options.ActiveNodeRoles}').");
        }
    }

    /// <summary>
    /// Anything but InMemory means the database's own job store (a SQLite file beside it, or PostgreSQL's schema), so the
    /// names of both, and Database, all say that; anything else was a mistake.
    /// </summary>
    private static readonly string[] JobStorages = ["Sqlite", "Postgres", "Database", "InMemory"];

    public string IngestApiKey { get; set; } = "";
    public string AdminApiKey { get; set; } = "";
    public bool SeedDemoData { get; set; } = true;
    [Range(typeof(long), "1", "1073741824")] // at most 1 GiB per request
    public long MaxIngestBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Rejected lines of one batch whose raw text is stored for analysts; the others are only counted by reason, so a body of
    /// junk cannot write many times its size.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int MaxStoredRejectedLinesPerBatch { get; set; } = 1000;

    /// <summary>
    /// How long accepted records may wait for the fold before <c>/readyz</c> reports the node Degraded (still 200: it
    /// serves, with rankings that lag). Measured from the arrival of the oldest record not yet folded.
    /// </summary>
    [Range(1, 7 * 86_400)]
    public int MaxFoldLagSeconds { get; set; } = 300;

    /// <summary>Hangfire job storage: <c>Sqlite</c> (own file beside the database) or <c>InMemory</c>.</summary>
    public string JobStorage { get; set; } = "Sqlite";

    /// <summary>Seconds between safety-net fold runs (the fold also runs right after every ingest).</summary>
    [Range(1, 59)]
    public int FoldSafetyNetSeconds { get; set; } = 30;

    public const string AllNodeRoles = "web,ingest,worker";

    /// <summary>
    /// What this node does (<c>Rankings:NodeRoles</c>): any of <c>web</c> (pages, read API, accounts), <c>ingest</c>
    /// (<c>POST /api/v1/usage</c>) and <c>worker</c> (runs the Hangfire server, so the fold). Unset: all three.
    /// Not to be confused with the roles of user accounts (Admin, Analyst, AppOwner). Read it through
    /// <see cref="ActiveNodeRoles"/> or <see cref="HasRole"/>.
    /// </summary>
    public string? NodeRoles { get; set; }

    /// <summary>
    /// <c>Rankings:Roles</c>, the deprecated name of <see cref="NodeRoles"/>: still read, so a node configured with it
    /// behaves the same (a warning at start asks for the new name); <c>Rankings:NodeRoles</c> wins when both are set.
    /// Not [Obsolete]: the configuration binder would skip it.
    /// </summary>
    [ConfigurationKeyName("Roles")]
    public string? DeprecatedRoles { get; set; }

    /// <summary>The roles in force. Computed, not a default on <see cref="NodeRoles"/>: the binder writes back what a getter returns.</summary>
    public string ActiveNodeRoles => NodeRoles ?? DeprecatedRoles ?? AllNodeRoles;

    public bool UsesDeprecatedRolesKey => DeprecatedRoles is not null;

    public bool HasRole(string role) =>
        ActiveNodeRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(role, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A catalog file (same shape as the built-in <c>Catalog/catalog.json</c>) whose entries are laid over the built-in
    /// ones, key by key; relative paths are resolved against the content root. Empty: the built-in catalog alone.
    /// </summary>
    public string ModelCatalogPath { get; set; } = "";

    /// <summary>
    /// How long after a fold public pages and read API answers may still show the data before it: the version a node's
    /// cache keys on moves at most once per this many seconds, so steady ingestion cannot turn every request into a
    /// miss. 0 turns the server's cache off. Listing changes never wait for it.
    /// </summary>
    [Range(0, 86_400)]
    public int PublicCacheSeconds { get; set; } = 10;

    /// <summary>Memory for cached public answers, so random query strings cannot grow the cache without limit.</summary>
    [Range(1, 1_000_000)]
    public int PublicCacheMegabytes { get; set; } = 100;

    /// <summary>
    /// Demo data: days of history to generate (two years, so a year view has a previous year to compare with) and
    /// about how many records; each is an aggregate of many generations, so the count sets the granularity, not the
    /// volume.
    /// </summary>
    [Range(1, 36_500)]
    public int DemoDays { get; set; } = 730;
    [Range(0, int.MaxValue)]
    public int DemoRecords { get; set; } = 400_000;

    /// <summary>
    /// Days raw records are kept after they arrive (the fold and a re-fold read them); older ones are dropped whole, by
    /// partition on PostgreSQL and in bounded steps on SQLite. Rollups, the product, are kept forever.
    /// </summary>
    [Range(2, 36_500)]
    public int RawRetentionDays { get; set; } = 35;

    /// <summary>
    /// Days a record's id is remembered after it arrives, so a resend within them is a duplicate even after its raw record
    /// was dropped; never fewer than <see cref="RawRetentionDays"/>. A resend after them is accepted as new.
    /// </summary>
    [Range(2, 36_500)]
    public int DedupDays { get; set; } = 35;
}
