namespace RankingsWeb.Data.Demo;

/// <summary>One generation of a use case at a point of the span: mean sizes in tokens and rates.</summary>
/// <param name="Prompt">Prompt tokens per generation.</param>
/// <param name="Completion">Completion tokens per generation (reasoning included).</param>
/// <param name="Cached">Share of prompt tokens served from cache.</param>
/// <param name="ToolCalls">Tool calls per generation.</param>
internal readonly record struct DemoGeneration(double Prompt, double Completion, double Cached, double ToolCalls);

/// <summary>
/// How use cases change over the demo span (f = 0 at its first day, 1 at its last), from the public figures in the
/// State of AI study and the real 14-day sample: programming's token share rising from ~11% to over 50%, prompts
/// growing severalfold (agents and long chat histories; coding ~20k and roleplay ~5k tokens on average in the middle of
/// the span, the sample's ~20k overall at its end), completion shrinking to ~3% of tokens, caching reaching ~78% of
/// prompt tokens and tool calls per request rising to ~0.2.
/// </summary>
internal static class DemoShapes
{
    public static readonly string[] Categories =
        ["programming", "roleplay", "marketing", "seo", "technology", "science", "translation", "legal", "finance", "health", "trivia", "academia"];

    /// <summary>Index of "no category sent" in <see cref="TokenShares"/>.</summary>
    public static int Uncategorized => Categories.Length;

    // Relative sizes of the smaller use cases (marketing … academia); together they shrink as programming grows.
    private static readonly double[] Rest = [0.06, 0.04, 0.11, 0.045, 0.06, 0.02, 0.035, 0.03, 0.045, 0.04];

    /// <summary>Share of the day's tokens per use case, uncategorized last; sums to 1.</summary>
    public static void TokenShares(double f, double[] shares)
    {
        var programming = 0.11 + 0.43 * f * (0.6 + 0.4 * f);
        var roleplay = 0.30 - 0.15 * f;
        var uncategorized = 0.07 - 0.02 * f;
        var rest = 1 - programming - roleplay - uncategorized;
        var restTotal = Rest.Sum();
        shares[0] = programming;
        shares[1] = roleplay;
        for (var i = 0; i < Rest.Length; i++) shares[i + 2] = rest * Rest[i] / restTotal;
        shares[Uncategorized] = uncategorized;
    }

    /// <summary>Mean generation of a use case (an index into <see cref="Categories"/>, or <see cref="Uncategorized"/>).</summary>
    public static DemoGeneration Generation(int category, double f) => category switch
    {
        0 => new(7_000 + 55_000 * f * f, 800 - 350 * f, 0.50 + 0.40 * f, 0.03 + 0.72 * f * f),
        1 => new(3_000 + 7_500 * f * f, 380 - 80 * f, 0.30 + 0.40 * f, 0),
        4 => new(2_000 + 13_000 * f * f, 600 - 150 * f, 0.20 + 0.50 * f, 0.01 + 0.15 * f),
        _ => new(1_600 + 12_000 * f * f, 520 - 120 * f, 0.15 + 0.45 * f, 0.005 + 0.10 * f),
    };

    /// <summary>Share of a category's tokens sent by an app, the rest unattributed.</summary>
    public static double Attributed(int category) => category switch { 0 => 0.86, 1 => 0.8, _ => 0.6 };

    /// <summary>Tokens a day at the end of the span (about the real sample's 12T a day, a little later) and growth over it.</summary>
    public const double EndTokensPerDay = 14e12;

    /// <summary>~40x over two years: ~6x a year.</summary>
    public static double Volume(double f) => EndTokensPerDay * Math.Pow(10, 1.6 * (f - 1));

    /// <summary>Weekends carry less, as in the real sample (Saturday and Sunday ~0.8 of a weekday).</summary>
    public static double Weekday(DayOfWeek d) => d switch { DayOfWeek.Saturday => 0.79, DayOfWeek.Sunday => 0.83, _ => 1.0 };
}
