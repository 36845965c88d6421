namespace RankingsWeb.Data.Demo;

/// <summary>
/// One demo model: when it launches and fades (fractions of the demo year; negative = before it),
/// its base popularity, how much of its output is reasoning, and what it is used for.
/// </summary>
internal sealed record DemoModel(
    string Key, double Launch, double Fade, double Weight, double Reasoning, double Coding, double Roleplay,
    bool OpenChinese, double PriceIn, double PriceOut, string? ExtraVariant, string[] Providers);

internal static class DemoModels
{
    private static readonly string[] Google = ["google-vertex", "google-ai-studio"];
    private static readonly string[] Anthropic = ["anthropic", "amazon-bedrock", "google-vertex"];
    private static readonly string[] OpenAi = ["openai", "azure"];
    private static readonly string[] Open = ["deepinfra", "together", "fireworks", "novita", "chutes"];
    private static readonly string[] Chinese = ["deepinfra", "chutes", "siliconflow", "novita", "atlas-cloud"];

    public static readonly DemoModel[] All =
    [
        new("google/gemini-2.0-flash-001", -1, 0.45, 3.74, 0, 0.8, 1.0, false, 0.1, 0.4, null, Google),
        new("google/gemini-2.5-flash", 0.30, 9, 5.44, 0.35, 1.0, 1.0, false, 0.3, 2.5, null, Google),
        new("google/gemini-2.5-pro", 0.22, 9, 3.74, 0.7, 1.4, 0.4, false, 1.25, 10, null, Google),
        new("google/gemini-2.5-flash-lite", 0.50, 9, 2.72, 0.1, 0.7, 1.0, false, 0.1, 0.4, null, Google),
        new("google/gemini-3-pro-preview", 0.88, 9, 5.10, 0.7, 1.5, 0.4, false, 2, 12, null, Google),
        new("google/gemma-3-27b-it", 0.15, 9, 0.85, 0, 0.3, 1.8, false, 0.09, 0.17, "free", Open),
        new("google/gemini-2.5-flash-image", 0.68, 9, 0.51, 0, 0.1, 0.3, false, 0.3, 2.5, null, Google),
        new("anthropic/claude-3.5-sonnet", -1, 0.18, 2.56, 0, 1.6, 0.5, false, 3, 15, null, Anthropic),
        new("anthropic/claude-3.7-sonnet", -0.1, 0.45, 4.16, 0.35, 2.0, 0.5, false, 3, 15, "thinking", Anthropic),
        new("anthropic/claude-sonnet-4", 0.38, 0.8, 5.76, 0.3, 2.2, 0.4, false, 3, 15, null, Anthropic),
        new("anthropic/claude-sonnet-4.5", 0.74, 9, 6.08, 0.4, 2.3, 0.4, false, 3, 15, null, Anthropic),
        new("anthropic/claude-opus-4", 0.38, 0.62, 0.96, 0.5, 2.0, 0.3, false, 15, 75, null, Anthropic),
        new("anthropic/claude-opus-4.1", 0.60, 0.95, 0.96, 0.5, 2.0, 0.3, false, 15, 75, null, Anthropic),
        new("anthropic/claude-haiku-4.5", 0.80, 9, 1.60, 0.2, 1.6, 0.5, false, 1, 5, null, Anthropic),
        new("anthropic/claude-opus-4.5", 0.93, 9, 2.40, 0.5, 2.2, 0.3, false, 5, 25, null, Anthropic),
        new("deepseek/deepseek-chat", -1, 0.2, 1.05, 0, 0.8, 1.6, true, 0.3, 0.9, null, Chinese),
        new("deepseek/deepseek-r1", -0.05, 0.5, 1.12, 0.75, 0.9, 1.2, true, 0.5, 2.2, "free", Chinese),
        new("deepseek/deepseek-chat-v3-0324", 0.06, 9, 1.96, 0, 0.7, 2.2, true, 0.25, 0.9, "free", Chinese),
        new("deepseek/deepseek-r1-0528", 0.40, 9, 0.98, 0.7, 0.9, 1.2, true, 0.5, 2.2, "free", Chinese),
        new("deepseek/deepseek-chat-v3.1", 0.62, 9, 1.40, 0.4, 1.0, 1.8, true, 0.25, 1.0, null, Chinese),
        new("deepseek/deepseek-v3.2-exp", 0.75, 9, 0.98, 0.4, 1.0, 1.6, true, 0.27, 0.4, null, Chinese),
        new("openai/gpt-4o", -1, 0.55, 1.2, 0, 0.8, 0.6, false, 2.5, 10, null, OpenAi),
        new("openai/gpt-4o-mini", -1, 9, 1.6, 0, 0.7, 0.9, false, 0.15, 0.6, null, OpenAi),
        new("openai/gpt-4.1", 0.28, 9, 0.9, 0, 1.4, 0.4, false, 2, 8, null, OpenAi),
        new("openai/gpt-4.1-mini", 0.28, 9, 0.8, 0, 1.1, 0.6, false, 0.4, 1.6, null, OpenAi),
        new("openai/o3", 0.30, 0.8, 0.3, 0.8, 1.5, 0.1, false, 2, 8, null, OpenAi),
        new("openai/o4-mini", 0.30, 9, 0.5, 0.8, 1.4, 0.1, false, 1.1, 4.4, null, OpenAi),
        new("openai/gpt-5", 0.60, 9, 1.3, 0.75, 1.8, 0.2, false, 1.25, 10, null, OpenAi),
        new("openai/gpt-5-mini", 0.60, 9, 0.7, 0.7, 1.3, 0.4, false, 0.25, 2, null, OpenAi),
        new("openai/gpt-oss-120b", 0.60, 9, 1.0, 0.6, 1.2, 0.8, false, 0.05, 0.25, "free", Open),
        new("openai/gpt-oss-20b", 0.60, 9, 0.4, 0.6, 1.0, 0.8, false, 0.03, 0.15, "free", Open),
        new("openai/gpt-5.1", 0.88, 9, 1.0, 0.75, 1.8, 0.2, false, 1.25, 10, null, OpenAi),
        new("meta-llama/llama-3.3-70b-instruct", -1, 9, 1.6, 0, 0.5, 1.6, false, 0.13, 0.4, "free", Open),
        new("meta-llama/llama-4-maverick", 0.26, 9, 1.0, 0, 0.6, 1.2, false, 0.15, 0.6, null, Open),
        new("meta-llama/llama-4-scout", 0.26, 9, 0.6, 0, 0.5, 1.2, false, 0.08, 0.3, null, Open),
        new("meta-llama/llama-3.1-8b-instruct", -1, 9, 0.8, 0, 0.3, 1.4, false, 0.02, 0.05, null, Open),
        new("qwen/qwen-2.5-72b-instruct", -1, 0.4, 0.8, 0, 0.8, 1.0, true, 0.12, 0.4, null, Chinese),
        new("qwen/qwen3-235b-a22b", 0.32, 9, 0.8, 0.5, 0.9, 1.0, true, 0.13, 0.6, "free", Chinese),
        new("qwen/qwen3-30b-a3b", 0.32, 9, 0.5, 0.5, 0.7, 1.0, true, 0.06, 0.2, null, Chinese),
        new("qwen/qwen3-coder", 0.56, 9, 1.5, 0, 2.5, 0.1, true, 0.22, 0.95, "free", Chinese),
        new("qwen/qwen3-235b-a22b-2507", 0.56, 9, 0.8, 0, 0.9, 1.0, true, 0.08, 0.55, null, Chinese),
        new("qwen/qwen3-next-80b-a3b-instruct", 0.70, 9, 0.5, 0, 1.0, 0.8, true, 0.1, 0.8, null, Chinese),
        new("mistralai/mistral-nemo", -1, 9, 1.0, 0, 0.3, 2.0, false, 0.02, 0.04, "free", Open),
        new("mistralai/mistral-small-3.2-24b-instruct", 0.46, 9, 0.6, 0, 0.6, 1.2, false, 0.06, 0.18, null, Open),
        new("mistralai/mistral-medium-3.1", 0.62, 9, 0.3, 0, 1.0, 0.6, false, 0.4, 2, null, ["mistral"]),
        new("mistralai/devstral-medium", 0.54, 9, 0.3, 0, 2.0, 0.1, false, 0.4, 2, null, ["mistral"]),
        new("mistralai/codestral-2508", 0.60, 9, 0.4, 0, 2.2, 0.1, false, 0.3, 0.9, null, ["mistral"]),
        new("x-ai/grok-3-mini", 0.12, 9, 0.5, 0.6, 0.9, 0.6, false, 0.3, 0.5, null, ["xai"]),
        new("x-ai/grok-4", 0.52, 9, 0.4, 0.7, 1.4, 0.3, false, 3, 15, null, ["xai"]),
        new("x-ai/grok-code-fast-1", 0.66, 9, 1.7, 0.6, 2.6, 0.0, false, 0.2, 1.5, null, ["xai"]),
        new("x-ai/grok-4-fast", 0.72, 9, 1.1, 0.5, 1.2, 1.0, false, 0.2, 0.5, "free", ["xai"]),
        new("moonshotai/kimi-k2", 0.53, 0.75, 1.0, 0, 1.4, 1.0, true, 0.5, 2.4, "free", Chinese),
        new("moonshotai/kimi-k2-0905", 0.68, 9, 1.0, 0, 1.5, 1.0, true, 0.4, 2, null, Chinese),
        new("moonshotai/kimi-k2-thinking", 0.86, 9, 0.8, 0.7, 1.6, 0.6, true, 0.6, 2.5, null, Chinese),
        new("z-ai/glm-4.5", 0.57, 9, 0.9, 0.5, 1.6, 0.9, true, 0.35, 1.55, null, Chinese),
        new("z-ai/glm-4.5-air", 0.57, 9, 0.6, 0.5, 1.2, 1.2, true, 0.13, 0.85, "free", Chinese),
        new("z-ai/glm-4.6", 0.76, 9, 1.2, 0.5, 1.8, 0.9, true, 0.45, 1.9, null, Chinese),
        new("minimax/minimax-m1", 0.47, 0.85, 0.3, 0.7, 1.0, 0.6, true, 0.4, 2.2, null, Chinese),
        new("minimax/minimax-m2", 0.83, 9, 0.9, 0.6, 1.8, 0.4, true, 0.3, 1.2, "free", Chinese),
        new("nousresearch/hermes-3-llama-3.1-70b", -1, 9, 0.4, 0, 0.1, 2.5, false, 0.3, 0.3, null, Open),
        new("thedrummer/cydonia-24b-v4.1", 0.60, 9, 0.4, 0, 0.0, 3.0, false, 0.3, 0.5, null, ["parasail", "infermatic"]),
        new("gryphe/mythomax-l2-13b", -1, 9, 0.4, 0, 0.0, 3.0, false, 0.06, 0.06, null, ["deepinfra", "together"]),
        new("sao10k/l3.3-euryale-70b", -1, 9, 0.3, 0, 0.0, 3.0, false, 0.65, 0.75, null, ["infermatic", "deepinfra"]),
        new("cohere/command-r-plus-08-2024", -1, 0.6, 0.2, 0, 0.5, 0.8, false, 2.5, 10, null, ["cohere"]),
        new("nvidia/llama-3.3-nemotron-super-49b-v1.5", 0.64, 9, 0.2, 0.6, 1.0, 0.6, false, 0.1, 0.4, null, ["nebius", "deepinfra"]),
        new("amazon/nova-pro-v1", -1, 9, 0.2, 0, 0.8, 0.5, false, 0.8, 3.2, null, ["amazon-bedrock"]),
        new("microsoft/phi-4", -1, 9, 0.15, 0, 0.6, 0.6, false, 0.07, 0.14, null, ["deepinfra"]),
        new("perplexity/sonar", -1, 9, 0.2, 0, 0.2, 0.2, false, 1, 1, "online", ["perplexity"]),
    ];
}

/// <summary>Apps by use case: (url or null, title or null, weight). Coding agents lead, as in public rankings.</summary>
internal static class DemoApps
{
    public static readonly (string? Url, string? Title, double Weight)[] Programming =
    [
        ("https://cline.bot/", "Cline", 30), ("https://kilocode.ai/", "Kilo Code", 27), ("https://roocode.com/", "Roo Code", 16),
        ("https://aider.chat/", "Aider", 4), ("https://openhands.dev/", "OpenHands", 3), ("https://zed.dev/", "Zed", 3),
        ("https://github.com/continuedev/continue", "Continue", 2), (null, "Claude Code Router", 2), ("https://opencode.ai/", "opencode", 4),
        ("https://www.liteLLM.ai/", "LiteLLM", 2),
    ];

    public static readonly (string? Url, string? Title, double Weight)[] Roleplay =
    [
        ("https://sillytavern.app/", "SillyTavern", 30), ("https://janitorai.com/", "Janitor AI", 26), ("https://chub.ai/", "Chub AI", 14),
        ("https://www.risuai.net/", "RisuAI", 4), ("https://agnai.chat/", "Agnaistic", 3), (null, "HammerAI", 2),
        ("https://novelcrafter.com/", "Novelcrafter", 3),
    ];

    public static readonly (string? Url, string? Title, double Weight)[] General =
    [
        ("https://openrouter.ai/chat", "OpenRouter Chat", 8), ("https://www.typingmind.com/", "TypingMind", 5),
        ("https://librechat.ai/", "LibreChat", 5), ("https://openwebui.com/", "Open WebUI", 6),
        ("https://quillbot.example/translate", "Quill Translate", 3), ("https://seo-pilot.example/", "SEO Pilot", 3),
        ("https://adcopy.example/app", "AdCopy Studio", 3), ("https://lexbrief.example/", "LexBrief", 2),
        ("https://ledgerly.example/", "Ledgerly Finance", 2), ("https://medsum.example/", "MedSum", 1.5),
        ("https://triviaforge.example/", "TriviaForge", 1.5), ("https://paperpal.example/", "PaperPal Scholar", 2),
        ("https://n8n.io/", "n8n", 4), ("https://www.make.com/", "Make", 2), (null, "Internal Batch Runner", 3),
    ];
}
