using RankingsWeb.Data.Queries;
using RankingsWeb.Health;

namespace RankingsWeb.Api.Docs;

/// <summary>A query, path or header parameter: its domain (enum, bounds, default) and an example.</summary>
public sealed record ApiParam(string Name, string Description, ApiParamIn In = ApiParamIn.Query, string Type = "string",
    bool Required = false, IReadOnlyList<string>? Enum = null, long? Min = null, long? Max = null, string? Default = null,
    string? Example = null, string? Format = null);

public enum ApiParamIn { Query, Path }

/// <summary>One answer of an operation; <paramref name="Body"/> is the JSON type (its schema is generated), problem answers have none.</summary>
public sealed record ApiAnswer(int Status, string Description, Type? Body = null, string? Example = null, bool Csv = false);

/// <summary>A request body: its media types and an example.</summary>
public sealed record ApiBody(string Description, IReadOnlyList<string> MediaTypes, string Example, bool Required = true);

/// <summary>The documentation of one endpoint of the HTTP API.</summary>
public sealed record ApiOperationDoc(string Method, string Path, string Id, string Tag, string Summary, string Description,
    IReadOnlyList<ApiParam> Parameters, IReadOnlyList<ApiAnswer> Answers, string? Security = null, ApiBody? Body = null);

/// <summary>
/// The one description of the HTTP API: the OpenAPI document (<see cref="OpenApiSetup"/>) and the reference page at
/// <c>/api</c> both read it, and a test checks it against the routes the app maps. A new endpoint is one entry in
/// <see cref="Operations"/> (its method and route as mapped); parameter sets and answers below are shared.
/// Domains come from the code that checks them (<see cref="Dimensions.All"/>, <see cref="WindowSpec.Periods"/>,
/// <see cref="MetricNames"/>), so the document follows when one grows.
/// </summary>
public static class ApiDocs
{
    public const string IngestKey = "ingestKey";
    public const string AdminKey = "adminKey";

    public static IReadOnlyList<string> DimensionSlugs => [.. Dimensions.All.Select(d => d.Slug)];

    public static IReadOnlyList<string> MetricSlugs => [.. Enum.GetValues<Metric>().Select(MetricNames.Slug).Distinct()];

    public static ApiParam Dimension => new("dimension", "What to rank or chart.", ApiParamIn.Path, Required: true, Enum: DimensionSlugs, Example: "models");

    /// <summary>The window (<c>from</c>/<c>to</c>, or <c>period</c> with <c>as_of</c>) and the filters every read takes.</summary>
    public static IReadOnlyList<ApiParam> WindowAndFilters =>
    [
        new("from", "First UTC day of the window (with `to`; overrides `period`).", Format: "date", Example: "2026-11-01"),
        new("to", "Day after the window's last (exclusive); must be after `from`.", Format: "date", Example: "2026-11-08"),
        new("period", "A window ending `as_of` inclusive: day 1, week 7, month 30, year 365 days, all the data, or week_to_date / month_to_date (from the Monday or the 1st of `as_of`'s week or month).",
            Enum: WindowSpec.Periods, Default: "week", Example: "week"),
        new("as_of", "Last day of a `period` window; default the latest UTC day with data.", Format: "date", Example: "2026-11-07"),
        .. Dimensions.Folded.Select(d => new ApiParam(d.FilterName,
            $"Only records whose {d.FilterName} key is this (lower-case; control characters are refused).", Example: FilterExample(d.FilterName))),
    ];

    public static ApiParam Format => new("format", "`csv` answers the same table as CSV (text/csv) with a citation line.", Enum: ["json", "csv"], Default: "json");

    public static ApiParam Interval => new("interval", "Bucket size; weeks start on Monday. Default: day up to 31 days, week beyond.",
        Enum: ["day", "week", "month"], Example: "day");

    public static ApiParam Limit => new("limit", "How many items.", Type: "integer", Min: 1, Max: 1000, Default: "20", Example: "20");

    public static ApiParam Variants => new("variants", "`separate` ranks each model and variant as its own entry (key `author/slug:variant`), as OpenRouter counts; models only.",
        Enum: ["separate"], Example: "separate");

    private const string GrowthExample = """
        {"dimension":"models","from":"2026-11-01","to":"2026-11-08","previous_from":"2026-10-25","previous_to":"2026-11-01",
         "total":{"tokens":150,"previous_tokens":100,"delta":50,"requests":6,"previous_requests":5,"more_requests":22.5,"larger_requests":27.5,
                  "delta_prompt":40,"delta_regular_output":4,"delta_reasoning":6},
         "items":[{"key":"anthropic/claude-sonnet-4","name":"Anthropic: Claude Sonnet 4","tokens":150,"previous_tokens":100,"delta":50,
                   "new":false,"gone":false,"requests":6,"previous_requests":5,"more_requests":22.5,"larger_requests":27.5,
                   "delta_prompt":40,"delta_regular_output":4,"delta_reasoning":6}],
         "citation":"Source: RankingsWeb …"}
        """;

    public static readonly ApiAnswer BadRequest = new(400, "A parameter outside its domain; `detail` and `error` say which and why.");
    public static readonly ApiAnswer TooMany = new(429, "Too many requests from this client address (or ingest key): wait `Retry-After` seconds.");

    private const string RankingsExample = """
        {"dimension":"models","from":"2026-11-01","to":"2026-11-08","total_tokens":123,
         "items":[{"rank":1,"key":"anthropic/claude-sonnet-4","name":"Anthropic: Claude Sonnet 4",
           "tokens":100,"tokens_prompt":70,"tokens_completion":30,"tokens_reasoning":10,"tokens_cached":5,
           "requests":4,"cost":0.12,"share":0.813,"previous_tokens":50,"change":1.0,"tool_calls":2}],
         "citation":"Source: RankingsWeb …"}
        """;

    private const string SeriesExample = """
        {"dimension":"models","interval":"day","metric":"tokens","from":"2026-11-01","to":"2026-11-03",
         "buckets":["2026-11-01","2026-11-02"],
         "series":[{"key":"openai/gpt-4o","name":"OpenAI: GPT-4o","values":[120,80]},{"key":"others","name":"Others","values":[10,0]}],
         "citation":"Source: RankingsWeb …"}
        """;

    public static IReadOnlyList<ApiOperationDoc> Operations =>
    [
        new("POST", "/api/v1/usage", "ingestUsage", "Ingestion", "Ingest usage records",
            "One record per LLM generation (or an aggregate of `requests` generations), as NDJSON or a JSON array. Every " +
            "line is validated on its own: the valid ones are stored (on disk before the answer) and folded into the rankings " +
            "within seconds; the others are listed with their line number and every rule they break. A record whose `id` is " +
            "already stored is a duplicate and never counted twice.",
            [],
            [
                new(202, "Accepted: counts, and each rejected line with its reason.", typeof(IngestResponse),
                    """{"accepted":2,"duplicates":0,"rejected":[{"line":3,"id":"gen-3","error":"tokens_reasoning (812) exceeds tokens_completion (640)"}],"rejected_total":1}"""),
                new(400, "The body could not be read."),
                new(401, "The ingest key is missing or wrong (or none is configured)."),
                new(404, "This node does not take ingestion (`Rankings:NodeRoles` without `ingest`)."),
                new(413, "The body is larger than `Rankings:MaxIngestBytes`."),
                new(415, "The content type is neither application/x-ndjson nor application/json."),
                TooMany,
            ],
            Security: IngestKey,
            Body: new("Usage records: one JSON object a line, or one JSON array of them.", ["application/x-ndjson", "application/json"],
                """{"id":"gen-1","created_at":"2026-11-07T12:00:00Z","model":"openai/gpt-4o","provider":"OpenAI","app_url":"https://example.com/tools","app_title":"Example Tools","category":"programming","tokens_prompt":1200,"tokens_completion":300,"tokens_reasoning":0,"tokens_cached":200,"cost":0.0042,"requests":1,"tool_calls":0}""")),
        new("PUT", "/api/v1/admin/apps/{app}", "setAppListed", "Admin", "List or unlist an app",
            "An unlisted app appears in no public answer or page and cannot be inferred from one; its tokens count as " +
            "unattributed. Takes effect at once, cached answers included. Idempotent.",
            [new("app", "The app key (`example.com/tools`, or a title slug); it may contain `/`.", ApiParamIn.Path, Required: true, Example: "example.com/tools")],
            [
                new(204, "Done."),
                new(400, "The app key or the body is invalid."),
                new(401, "No admin key was presented."),
                new(403, "The key presented is not the admin key."),
            ],
            Security: AdminKey,
            Body: new("The listing.", ["application/json"], """{"listed":false}""")),
        new("GET", "/api/v1/status", "getStatus", "Status", "Ingestion and fold status",
            "Records stored, how many are not yet in the rankings, and when the fold last ran. Every node answers.",
            [],
            [new(200, "The status.", typeof(StatusDto), """{"records":1200,"pending":0,"last_aggregated_at":"2026-11-07T12:00:01+00:00","last_fold_ms":35}"""), TooMany]),
        new("GET", "/api/v1/rankings/{dimension}", "getRankings", "Rankings", "Rankings of a dimension",
            "Entities ordered by tokens (ties by key), with their share of all tokens in the window and the change against " +
            "the previous window of equal length.",
            [Dimension, .. WindowAndFilters, Limit, Variants, Format],
            [new(200, "The rankings.", typeof(RankingsDto), RankingsExample, Csv: true), BadRequest, TooMany]),
        new("GET", "/api/v1/growth/{dimension}", "getGrowth", "Rankings", "What drove the change",
            "The change in tokens against the previous window of equal length, per entity (ordered by the size of its change, " +
            "then key; the rest summed in `others`), split into more requests against larger requests and into prompt, regular " +
            "output and reasoning. Items, others and the records with no key for the dimension add up to `total.delta` exactly.",
            [Dimension, .. WindowAndFilters, Limit, Format],
            [new(200, "The growth drivers.", typeof(GrowthDto), GrowthExample, Csv: true), BadRequest, TooMany]),
        new("GET", "/api/v1/series/{dimension}", "getSeries", "Rankings", "Growth curves of a dimension",
            "The top N entities by the metric over the window, then `others`, one value per bucket (empty buckets are 0).",
            [Dimension, .. WindowAndFilters, Interval,
                new("top", "How many entities get their own series.", Type: "integer", Min: 1, Max: 100, Default: "10", Example: "10"),
                new("metric", "What each value adds up; the per-request, share and per-million metrics are ratios of each bucket's sums (0 where the denominator is 0), and their top N is ranked by tokens.",
                    Enum: MetricSlugs, Default: "tokens", Example: "tokens"), Variants, Format],
            [new(200, "The series.", typeof(SeriesDto), SeriesExample, Csv: true), BadRequest, TooMany]),
        new("GET", "/api/v1/totals", "getTotals", "Rankings", "Totals per bucket",
            "Every token kind, requests and cost per bucket for the filters (the entity pages' downloads).",
            [.. WindowAndFilters, Interval, Format],
            [new(200, "The totals.", typeof(TotalsDto), Csv: true), BadRequest, TooMany]),
        new("GET", "/api/v1/rank-history/{dimension}", "getRankHistory", "Rankings", "An entity's rank per bucket",
            "The entity's rank by tokens among its dimension in each bucket, within the filters (null where it had none).",
            [Dimension, new("key", "The entity's key.", Required: true, Example: "openai/gpt-4o"), .. WindowAndFilters, Interval, Format],
            [new(200, "The rank history.", typeof(RankHistoryDto), Csv: true), BadRequest, TooMany]),
        new("GET", HealthEndpoints.LivenessPath, "getLiveness", "Operations", "Liveness",
            "The process answers; asks nothing else (no database). For a supervisor's restart decision.",
            [],
            [new(200, "Alive.", typeof(HealthEndpoints.HealthReportDto), """{"status":"Healthy","duration_ms":0.1,"checks":[]}""")]),
        new("GET", HealthEndpoints.ReadinessPath, "getReadiness", "Operations", "Readiness",
            "The database answers, its schema is this version's, on worker nodes the job server runs, and the fold keeps " +
            "up (a lag above `Rankings:MaxFoldLagSeconds` is Degraded, still 200). For a load balancer.",
            [],
            [
                new(200, "Healthy or Degraded; each check with its status and a short description.", typeof(HealthEndpoints.HealthReportDto),
                    """{"status":"Healthy","duration_ms":3.2,"checks":[{"name":"database","status":"Healthy","description":"the database answers","duration_ms":1.1}]}"""),
                new(503, "Unhealthy: the same body, naming the failing checks.", typeof(HealthEndpoints.HealthReportDto)),
            ]),
    ];

    private static string? FilterExample(string filter) => filter switch
    {
        "model" => "openai/gpt-4o",
        "author" => "openai",
        "app" => "example.com/tools",
        "category" => "programming",
        "provider" => "amazon-bedrock",
        "variant" => "free",
        _ => null,
    };
}
