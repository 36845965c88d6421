namespace RankingsWeb.Data.Demo;

/// <summary>A provider serving a demo model, and its price as a multiple of the model's list price.</summary>
internal sealed record DemoHost(string Provider, double Price, double Base = 1);

/// <summary>
/// One demo model: when it launches and fades (fractions of the demo span; negative = before it), its popularity in
/// tokens at its peak, how much of its output is reasoning, what it is used for, its list price in USD per million
/// prompt and completion tokens, what a cached prompt token costs as a fraction of a fresh one, and who serves it.
/// </summary>
internal sealed record DemoModel(
    string Key, double Launch, double Fade, double Weight, double Reasoning, double Coding, double Roleplay,
    double PriceIn, double PriceOut, string? ExtraVariant, DemoHost[] Hosts, double CachedPrice = 0.25)
{
    /// <summary>The provider keys, for catalog checks.</summary>
    public string[] Providers => [.. Hosts.Select(h => h.Provider)];
}

/// <summary>
/// The demo's models over two years (2025-2026 releases on the span's clock). Weights are tuned so the last fortnight
/// matches the real sample's shape: top-10 models ~65% of tokens, open Chinese models ~30%, Anthropic ~12% of tokens
/// but ~45% of spend; DemoShapeTests checks those figures.
/// </summary>
internal static class DemoModels
{
    // First parties charge list price; the same model elsewhere may be cheaper, and the cheaper host gains share
    // over time (DemoDataGenerator.HostWeights).
    private static readonly DemoHost[] Google = [new("google-vertex", 1, 2), new("google-ai-studio", 1)];
    private static readonly DemoHost[] Anthropic = [new("anthropic", 1, 3), new("amazon-bedrock", 1, 1.2), new("google-vertex", 1)];
    private static readonly DemoHost[] OpenAi = [new("openai", 1, 4), new("azure", 1)];
    private static readonly DemoHost[] Open =
        [new("together", 1.25, 3), new("fireworks", 1.1, 2), new("deepinfra", 0.8, 2), new("novita", 0.9), new("chutes", 0.55, 0.5)];
    private static readonly DemoHost[] ChineseHosts =
        [new("deepinfra", 0.85, 1.5), new("siliconflow", 0.7), new("novita", 0.95), new("atlas-cloud", 0.75, 0.6), new("chutes", 0.55, 0.4)];

    private static DemoHost[] Chinese(string firstParty) => [new(firstParty, 1, 4), .. ChineseHosts];

    private static readonly DemoHost[] DeepSeek = Chinese("deepseek");
    private static readonly DemoHost[] Qwen = Chinese("alibaba");
    private static readonly DemoHost[] Moonshot = Chinese("moonshotai");
    private static readonly DemoHost[] Zai = Chinese("z-ai");
    private static readonly DemoHost[] MiniMax = Chinese("minimax");
    private static readonly DemoHost[] Xai = [new("xai", 1)];
    private static readonly DemoHost[] Mistral = [new("mistral", 1)];

    public static readonly DemoModel[] All =
    [
        //  key                                       launch fade  weight reason coding rp   in     out   variant
        new("google/gemini-2.0-flash-001",              -1, 0.30, 5.0, 0, 0.8, 1.0, 0.1, 0.4, null, Google),
        new("google/gemini-2.5-pro",                  0.14, 0.55, 3.0, 0.7, 1.4, 0.4, 1.25, 10, null, Google),
        new("google/gemini-2.5-flash",                0.25, 0.65, 5.0, 0.35, 1.0, 1.0, 0.3, 2.5, null, Google),
        new("google/gemini-2.5-flash-lite",           0.30, 0.75, 2.5, 0.1, 0.7, 1.0, 0.1, 0.4, null, Google),
        new("google/gemini-2.5-flash-image",          0.34, 9, 0.4, 0, 0.1, 0.3, 0.3, 2.5, null, Google),
        new("google/gemini-3-pro-preview",            0.46, 0.70, 2.5, 0.7, 1.5, 0.4, 2, 12, null, Google),
        new("google/gemini-3-flash-preview",          0.50, 0.75, 4.0, 0.4, 1.2, 1.0, 0.5, 3, null, Google),
        new("google/gemini-3.1-pro-preview",          0.62, 0.90, 1.8, 0.7, 1.5, 0.4, 2, 12, null, Google),
        new("google/gemini-3.6-flash",                0.78, 0.93, 3.5, 0.45, 1.2, 1.0, 0.5, 3, null, Google),
        new("google/gemini-3.7-flash",                0.92, 9, 9, 0.5, 1.2, 1.0, 0.6, 3.5, null, Google),
        new("google/gemma-3-27b-it",                  0.12, 9, 0.7, 0, 0.3, 1.8, 0.09, 0.17, "free", Open),
        new("google/gemma-4-31b-it",                  0.70, 9, 0.6, 0, 0.5, 1.6, 0.1, 0.3, "free", Open),

        new("anthropic/claude-3.5-sonnet",              -1, 0.12, 3.0, 0, 1.8, 0.5, 3, 15, null, Anthropic, 0.1),
        new("anthropic/claude-3.7-sonnet",            0.10, 0.30, 4.0, 0.35, 2.0, 0.5, 3, 15, "thinking", Anthropic, 0.1),
        new("anthropic/claude-sonnet-4",              0.23, 0.42, 4.5, 0.3, 2.2, 0.4, 3, 15, null, Anthropic, 0.1),
        new("anthropic/claude-opus-4",                0.23, 0.35, 0.8, 0.5, 2.0, 0.3, 15, 75, null, Anthropic, 0.1),
        new("anthropic/claude-opus-4.1",              0.33, 0.46, 0.8, 0.5, 2.0, 0.3, 15, 75, null, Anthropic, 0.1),
        new("anthropic/claude-sonnet-4.5",            0.38, 0.66, 4.5, 0.4, 2.3, 0.4, 3, 15, null, Anthropic, 0.1),
        new("anthropic/claude-haiku-4.5",             0.41, 9, 1.0, 0.2, 1.6, 0.5, 1, 5, null, Anthropic, 0.1),
        new("anthropic/claude-opus-4.5",              0.46, 0.62, 2.0, 0.5, 2.2, 0.3, 5, 25, null, Anthropic, 0.1),
        new("anthropic/claude-sonnet-4.6",            0.60, 0.9, 2.5, 0.45, 2.3, 0.4, 3, 15, null, Anthropic, 0.1),
        new("anthropic/claude-opus-4.7",              0.66, 0.80, 1.5, 0.5, 2.2, 0.3, 5, 25, null, Anthropic, 0.1),
        new("anthropic/claude-opus-4.8",              0.80, 0.92, 1.5, 0.5, 2.2, 0.3, 5, 25, null, Anthropic, 0.1),
        new("anthropic/claude-opus-5",                0.90, 9, 1.0, 0.55, 2.3, 0.3, 5, 25, null, Anthropic, 0.1),
        new("anthropic/claude-sonnet-5",              0.93, 9, 2.0, 0.5, 2.3, 0.4, 3, 15, null, Anthropic, 0.1),

        new("deepseek/deepseek-chat",                 0.01, 0.15, 1.2, 0, 0.8, 1.6, 0.3, 0.9, null, DeepSeek, 0.1),
        new("deepseek/deepseek-r1",                   0.04, 0.25, 1.2, 0.75, 0.9, 1.2, 0.5, 2.2, "free", DeepSeek, 0.1),
        new("deepseek/deepseek-chat-v3-0324",         0.13, 0.45, 2.2, 0, 0.7, 2.2, 0.25, 0.9, "free", DeepSeek, 0.1),
        new("deepseek/deepseek-r1-0528",              0.25, 0.40, 1.0, 0.7, 0.9, 1.2, 0.5, 2.2, "free", DeepSeek, 0.1),
        new("deepseek/deepseek-chat-v3.1",            0.35, 0.50, 1.5, 0.4, 1.0, 1.8, 0.25, 1.0, null, DeepSeek, 0.1),
        new("deepseek/deepseek-v3.2-exp",             0.38, 0.50, 1.0, 0.4, 1.0, 1.6, 0.27, 0.4, null, DeepSeek, 0.1),
        new("deepseek/deepseek-v3.2",                 0.50, 0.75, 2.5, 0.45, 1.2, 1.6, 0.27, 0.4, "free", DeepSeek, 0.1),
        new("deepseek/deepseek-v4-flash",             0.76, 9, 6, 0.5, 1.3, 1.5, 0.14, 0.28, "free", DeepSeek, 0.1),
        new("deepseek/deepseek-v4-pro",               0.78, 9, 2.2, 0.6, 1.5, 1.0, 0.5, 1.5, null, DeepSeek, 0.1),

        new("qwen/qwen-2.5-72b-instruct",               -1, 0.30, 0.8, 0, 0.8, 1.0, 0.12, 0.4, null, Qwen),
        new("qwen/qwen3-235b-a22b",                   0.19, 0.45, 0.8, 0.5, 0.9, 1.0, 0.13, 0.6, "free", Qwen),
        new("qwen/qwen3-30b-a3b",                     0.19, 9, 0.4, 0.5, 0.7, 1.0, 0.06, 0.2, null, Qwen),
        new("qwen/qwen3-coder",                       0.30, 0.85, 1.6, 0, 2.5, 0.1, 0.22, 0.95, "free", Qwen),
        new("qwen/qwen3-235b-a22b-2507",              0.30, 0.7, 0.7, 0, 0.9, 1.0, 0.08, 0.55, null, Qwen),
        new("qwen/qwen3-next-80b-a3b-instruct",       0.38, 0.7, 0.5, 0, 1.0, 0.8, 0.1, 0.8, null, Qwen),
        new("qwen/qwen3.8-max",                       0.84, 9, 0.8, 0.5, 1.3, 0.8, 1.2, 6, null, [new("alibaba", 1)]),

        new("moonshotai/kimi-k2",                     0.30, 0.40, 1.0, 0, 1.4, 1.0, 0.5, 2.4, "free", Moonshot),
        new("moonshotai/kimi-k2-0905",                0.37, 0.60, 1.0, 0, 1.5, 1.0, 0.4, 2, null, Moonshot),
        new("moonshotai/kimi-k2-thinking",            0.46, 0.80, 0.8, 0.7, 1.6, 0.6, 0.6, 2.5, null, Moonshot),
        new("moonshotai/kimi-k3",                     0.82, 9, 1.5, 0.6, 1.7, 0.8, 0.6, 2.5, null, Moonshot),

        new("z-ai/glm-4.5",                           0.32, 0.55, 0.9, 0.5, 1.6, 0.9, 0.35, 1.55, null, Zai),
        new("z-ai/glm-4.5-air",                       0.32, 0.8, 0.5, 0.5, 1.2, 1.2, 0.13, 0.85, "free", Zai),
        new("z-ai/glm-4.6",                           0.40, 0.75, 1.2, 0.5, 1.8, 0.9, 0.45, 1.9, null, Zai),
        new("z-ai/glm-5.2",                           0.78, 9, 2.6, 0.5, 1.8, 0.9, 0.5, 2, null, Zai),
        new("z-ai/glm-5.3",                           0.93, 9, 0.8, 0.5, 1.8, 0.9, 0.5, 2, null, Zai),

        new("minimax/minimax-m1",                     0.27, 0.45, 0.3, 0.7, 1.0, 0.6, 0.4, 2.2, null, MiniMax),
        new("minimax/minimax-m2",                     0.45, 0.85, 0.9, 0.6, 1.8, 0.4, 0.3, 1.2, "free", MiniMax),
        new("minimax/minimax-m3",                     0.85, 9, 1.3, 0.6, 1.8, 0.5, 0.3, 1.2, null, MiniMax),

        new("xiaomi/mimo-v2.5",                       0.80, 9, 3.5, 0.4, 1.0, 1.6, 0.1, 0.3, "free", Chinese("xiaomi")),

        new("openai/gpt-4o",                            -1, 0.30, 1.6, 0, 0.8, 0.6, 2.5, 10, null, OpenAi),
        new("openai/gpt-4o-mini",                       -1, 0.7, 2.0, 0, 0.7, 0.9, 0.15, 0.6, null, OpenAi),
        new("openai/gpt-4.1",                         0.16, 0.50, 1.0, 0, 1.4, 0.4, 2, 8, null, OpenAi),
        new("openai/gpt-4.1-mini",                    0.16, 0.7, 0.8, 0, 1.1, 0.6, 0.4, 1.6, null, OpenAi),
        new("openai/o3",                              0.17, 0.40, 0.3, 0.8, 1.5, 0.1, 2, 8, null, OpenAi),
        new("openai/o4-mini",                         0.17, 9, 0.5, 0.8, 1.4, 0.1, 1.1, 4.4, null, OpenAi),
        new("openai/gpt-5",                           0.33, 0.60, 1.6, 0.75, 1.8, 0.2, 1.25, 10, null, OpenAi),
        new("openai/gpt-5-mini",                      0.33, 9, 0.8, 0.7, 1.3, 0.4, 0.25, 2, null, OpenAi),
        new("openai/gpt-oss-120b",                    0.33, 9, 1.2, 0.6, 1.2, 0.8, 0.05, 0.25, "free", Open),
        new("openai/gpt-oss-20b",                     0.33, 9, 0.4, 0.6, 1.0, 0.8, 0.03, 0.15, "free", Open),
        new("openai/gpt-5.1",                         0.46, 0.72, 1.4, 0.75, 1.8, 0.2, 1.25, 10, null, OpenAi),
        new("openai/gpt-5.5",                         0.70, 0.90, 1.6, 0.75, 1.8, 0.3, 1.25, 10, null, OpenAi),
        new("openai/gpt-5.6-luna",                    0.86, 9, 6.5, 0.6, 1.5, 0.6, 0.6, 4, null, OpenAi),

        new("meta-llama/llama-3.3-70b-instruct",        -1, 0.8, 1.8, 0, 0.5, 1.6, 0.13, 0.4, "free", Open),
        new("meta-llama/llama-4-maverick",            0.14, 0.6, 1.0, 0, 0.6, 1.2, 0.15, 0.6, null, Open),
        new("meta-llama/llama-4-scout",               0.14, 0.6, 0.5, 0, 0.5, 1.2, 0.08, 0.3, null, Open),
        new("meta-llama/llama-3.1-8b-instruct",         -1, 9, 0.8, 0, 0.3, 1.4, 0.02, 0.05, null, Open),

        new("mistralai/mistral-nemo",                   -1, 0.85, 1.0, 0, 0.3, 2.0, 0.02, 0.04, "free", Open),
        new("mistralai/mistral-small-3.2-24b-instruct", 0.24, 9, 0.6, 0, 0.6, 1.2, 0.06, 0.18, null, Open),
        new("mistralai/mistral-medium-3.1",           0.33, 9, 0.3, 0, 1.0, 0.6, 0.4, 2, null, Mistral),
        new("mistralai/devstral-medium",              0.30, 9, 0.4, 0, 2.0, 0.1, 0.4, 2, null, Mistral),
        new("mistralai/codestral-2508",               0.33, 9, 0.4, 0, 2.2, 0.1, 0.3, 0.9, null, Mistral),

        new("x-ai/grok-3-mini",                       0.10, 0.45, 0.6, 0.6, 0.9, 0.6, 0.3, 0.5, null, Xai),
        new("x-ai/grok-4",                            0.30, 0.70, 0.5, 0.7, 1.4, 0.3, 3, 15, null, Xai),
        new("x-ai/grok-code-fast-1",                  0.36, 0.9, 2.0, 0.6, 2.6, 0.0, 0.2, 1.5, null, Xai),
        new("x-ai/grok-4-fast",                       0.40, 9, 1.4, 0.5, 1.2, 1.0, 0.2, 0.5, "free", Xai),
        new("x-ai/grok-4.6",                          0.85, 9, 1.2, 0.6, 1.5, 0.6, 0.3, 1.5, null, Xai),

        new("nvidia/llama-3.3-nemotron-super-49b-v1.5", 0.32, 9, 0.3, 0.6, 1.0, 0.6, 0.1, 0.4, null, [new("nebius", 1), new("deepinfra", 0.8)]),
        new("nvidia/nemotron-3-ultra-550b-a55b",      0.82, 9, 2.5, 0.6, 1.2, 1.0, 0.2, 0.6, "free", [new("nvidia", 1, 2), new("deepinfra", 0.8), new("nebius", 0.9)]),

        new("nousresearch/hermes-3-llama-3.1-70b",      -1, 9, 0.4, 0, 0.1, 2.5, 0.3, 0.3, null, Open),
        new("thedrummer/cydonia-24b-v4.1",            0.33, 9, 0.4, 0, 0.0, 3.0, 0.3, 0.5, null, [new("parasail", 1), new("infermatic", 0.8)]),
        new("gryphe/mythomax-l2-13b",                   -1, 9, 0.4, 0, 0.0, 3.0, 0.06, 0.06, null, [new("deepinfra", 1), new("together", 1.3)]),
        new("sao10k/l3.3-euryale-70b",                  -1, 9, 0.3, 0, 0.0, 3.0, 0.65, 0.75, null, [new("infermatic", 1), new("deepinfra", 0.9)]),
        new("cohere/command-r-plus-08-2024",            -1, 0.40, 0.2, 0, 0.5, 0.8, 2.5, 10, null, [new("cohere", 1)]),
        new("amazon/nova-pro-v1",                       -1, 9, 0.2, 0, 0.8, 0.5, 0.8, 3.2, null, [new("amazon-bedrock", 1)]),
        new("microsoft/phi-4",                          -1, 9, 0.15, 0, 0.6, 0.6, 0.07, 0.14, null, [new("deepinfra", 1)]),
        new("perplexity/sonar",                         -1, 9, 0.2, 0, 0.2, 0.2, 1, 1, "online", [new("perplexity", 1)]),
    ];
}

/// <summary>
/// Apps by use case: (url or null, title or null, weight, launch as a fraction of the span). Coding agents lead, as in
/// public rankings.
/// </summary>
internal static class DemoApps
{
    public static readonly (string? Url, string? Title, double Weight, double Launch)[] Programming =
    [
        ("https://cline.bot/", "Cline", 30, -1), ("https://kilocode.ai/", "Kilo Code", 27, 0.12), ("https://roocode.com/", "Roo Code", 16, 0.05),
        ("https://aider.chat/", "Aider", 4, -1), ("https://openhands.dev/", "OpenHands", 3, -1), ("https://zed.dev/", "Zed", 3, 0.2),
        ("https://github.com/continuedev/continue", "Continue", 2, -1), (null, "Claude Code Router", 2, 0.3), ("https://opencode.ai/", "opencode", 6, 0.3),
        ("https://www.liteLLM.ai/", "LiteLLM", 2, -1),
    ];

    public static readonly (string? Url, string? Title, double Weight, double Launch)[] Roleplay =
    [
        ("https://sillytavern.app/", "SillyTavern", 30, -1), ("https://janitorai.com/", "Janitor AI", 26, -1), ("https://chub.ai/", "Chub AI", 14, -1),
        ("https://www.risuai.net/", "RisuAI", 4, -1), ("https://agnai.chat/", "Agnaistic", 3, -1), (null, "HammerAI", 2, -1),
        ("https://novelcrafter.com/", "Novelcrafter", 3, -1),
    ];

    public static readonly (string? Url, string? Title, double Weight, double Launch)[] General =
    [
        ("https://openrouter.ai/chat", "OpenRouter Chat", 8, -1), ("https://www.typingmind.com/", "TypingMind", 5, -1),
        ("https://librechat.ai/", "LibreChat", 5, -1), ("https://openwebui.com/", "Open WebUI", 6, -1),
        ("https://quillbot.example/translate", "Quill Translate", 3, -1), ("https://seo-pilot.example/", "SEO Pilot", 3, -1),
        ("https://adcopy.example/app", "AdCopy Studio", 3, -1), ("https://lexbrief.example/", "LexBrief", 2, -1),
        ("https://ledgerly.example/", "Ledgerly Finance", 2, -1), ("https://medsum.example/", "MedSum", 1.5, -1),
        ("https://triviaforge.example/", "TriviaForge", 1.5, -1), ("https://paperpal.example/", "PaperPal Scholar", 2, -1),
        ("https://n8n.io/", "n8n", 4, -1), ("https://www.make.com/", "Make", 2, -1), (null, "Internal Batch Runner", 3, -1),
    ];
}
