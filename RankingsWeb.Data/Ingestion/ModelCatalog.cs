using System.Collections.Frozen;

namespace RankingsWeb.Data.Ingestion;

/// <summary>Display names of well-known authors and models; anything else gets a readable name from its slug.</summary>
public static class ModelCatalog
{
    private static readonly FrozenDictionary<string, string> Authors = new Dictionary<string, string>
    {
        ["anthropic"] = "Anthropic", ["google"] = "Google", ["openai"] = "OpenAI", ["deepseek"] = "DeepSeek",
        ["meta-llama"] = "Meta", ["qwen"] = "Qwen", ["mistralai"] = "Mistral", ["x-ai"] = "xAI",
        ["moonshotai"] = "MoonshotAI", ["z-ai"] = "Z.ai", ["minimax"] = "MiniMax", ["cohere"] = "Cohere",
        ["nousresearch"] = "Nous Research", ["microsoft"] = "Microsoft", ["amazon"] = "Amazon",
        ["nvidia"] = "NVIDIA", ["perplexity"] = "Perplexity", ["thedrummer"] = "TheDrummer",
        ["gryphe"] = "Gryphe", ["sao10k"] = "Sao10K", ["inflection"] = "Inflection", ["ai21"] = "AI21",
        ["baidu"] = "Baidu", ["tencent"] = "Tencent", ["bytedance"] = "ByteDance", ["openrouter"] = "OpenRouter",
        ["arcee-ai"] = "Arcee AI", ["liquid"] = "Liquid", ["inception"] = "Inception", ["stepfun-ai"] = "StepFun",
        ["thudm"] = "THUDM", ["nex-agi"] = "Nex AGI", ["meituan"] = "Meituan", ["ibm-granite"] = "IBM",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Models = new Dictionary<string, string>
    {
        ["anthropic/claude-sonnet-4"] = "Claude Sonnet 4", ["anthropic/claude-sonnet-4.5"] = "Claude Sonnet 4.5",
        ["anthropic/claude-opus-4"] = "Claude Opus 4", ["anthropic/claude-opus-4.1"] = "Claude Opus 4.1",
        ["anthropic/claude-opus-4.5"] = "Claude Opus 4.5", ["anthropic/claude-haiku-4.5"] = "Claude Haiku 4.5",
        ["anthropic/claude-3.7-sonnet"] = "Claude 3.7 Sonnet", ["anthropic/claude-3.5-sonnet"] = "Claude 3.5 Sonnet",
        ["anthropic/claude-3.5-haiku"] = "Claude 3.5 Haiku",
        ["google/gemini-2.5-pro"] = "Gemini 2.5 Pro", ["google/gemini-2.5-flash"] = "Gemini 2.5 Flash",
        ["google/gemini-2.5-flash-lite"] = "Gemini 2.5 Flash Lite", ["google/gemini-2.0-flash-001"] = "Gemini 2.0 Flash",
        ["google/gemini-3-pro-preview"] = "Gemini 3 Pro Preview", ["google/gemma-3-27b-it"] = "Gemma 3 27B",
        ["google/gemini-2.5-flash-image"] = "Gemini 2.5 Flash Image",
        ["openai/gpt-4o"] = "GPT-4o", ["openai/gpt-4o-mini"] = "GPT-4o-mini", ["openai/gpt-4.1"] = "GPT-4.1",
        ["openai/gpt-4.1-mini"] = "GPT-4.1 Mini", ["openai/gpt-5"] = "GPT-5", ["openai/gpt-5-mini"] = "GPT-5 Mini",
        ["openai/gpt-5.1"] = "GPT-5.1", ["openai/gpt-oss-120b"] = "gpt-oss-120b", ["openai/gpt-oss-20b"] = "gpt-oss-20b",
        ["openai/o3"] = "o3", ["openai/o4-mini"] = "o4 Mini", ["openai/o3-mini"] = "o3 Mini",
        ["deepseek/deepseek-chat-v3-0324"] = "DeepSeek V3 0324", ["deepseek/deepseek-r1"] = "R1",
        ["deepseek/deepseek-r1-0528"] = "R1 0528", ["deepseek/deepseek-chat-v3.1"] = "DeepSeek V3.1",
        ["deepseek/deepseek-v3.2-exp"] = "DeepSeek V3.2 Exp", ["deepseek/deepseek-chat"] = "DeepSeek V3",
        ["meta-llama/llama-3.3-70b-instruct"] = "Llama 3.3 70B Instruct", ["meta-llama/llama-4-maverick"] = "Llama 4 Maverick",
        ["meta-llama/llama-4-scout"] = "Llama 4 Scout", ["meta-llama/llama-3.1-8b-instruct"] = "Llama 3.1 8B Instruct",
        ["qwen/qwen3-coder"] = "Qwen3 Coder 480B A35B", ["qwen/qwen3-235b-a22b"] = "Qwen3 235B A22B",
        ["qwen/qwen3-235b-a22b-2507"] = "Qwen3 235B A22B Instruct 2507", ["qwen/qwen-2.5-72b-instruct"] = "Qwen2.5 72B Instruct",
        ["qwen/qwen3-30b-a3b"] = "Qwen3 30B A3B", ["qwen/qwen3-next-80b-a3b-instruct"] = "Qwen3 Next 80B A3B Instruct",
        ["mistralai/mistral-nemo"] = "Mistral Nemo", ["mistralai/mistral-small-3.2-24b-instruct"] = "Mistral Small 3.2 24B",
        ["mistralai/mistral-medium-3.1"] = "Mistral Medium 3.1", ["mistralai/devstral-medium"] = "Devstral Medium",
        ["mistralai/codestral-2508"] = "Codestral 2508",
        ["x-ai/grok-code-fast-1"] = "Grok Code Fast 1", ["x-ai/grok-4-fast"] = "Grok 4 Fast", ["x-ai/grok-4"] = "Grok 4",
        ["x-ai/grok-3-mini"] = "Grok 3 Mini",
        ["moonshotai/kimi-k2"] = "Kimi K2 0711", ["moonshotai/kimi-k2-0905"] = "Kimi K2 0905",
        ["moonshotai/kimi-k2-thinking"] = "Kimi K2 Thinking",
        ["z-ai/glm-4.5"] = "GLM 4.5", ["z-ai/glm-4.5-air"] = "GLM 4.5 Air", ["z-ai/glm-4.6"] = "GLM 4.6",
        ["minimax/minimax-m2"] = "MiniMax M2", ["minimax/minimax-m1"] = "MiniMax M1",
        ["nousresearch/hermes-3-llama-3.1-70b"] = "Hermes 3 70B Instruct", ["thedrummer/cydonia-24b-v4.1"] = "Cydonia 24B V4.1",
        ["gryphe/mythomax-l2-13b"] = "MythoMax 13B", ["sao10k/l3.3-euryale-70b"] = "Llama 3.3 Euryale 70B",
        ["cohere/command-r-plus-08-2024"] = "Command R+ (08-2024)", ["nvidia/llama-3.3-nemotron-super-49b-v1.5"] = "Llama 3.3 Nemotron Super 49B V1.5",
        ["amazon/nova-pro-v1"] = "Nova Pro 1.0", ["microsoft/phi-4"] = "Phi 4", ["perplexity/sonar"] = "Sonar",
    }.ToFrozenDictionary();

    public static string AuthorName(string author) =>
        Authors.TryGetValue(author, out var name) ? name : KeyDerivation.Humanize(author);

    /// <summary>"Anthropic: Claude Sonnet 4" for a model key (without variant).</summary>
    public static string ModelName(string modelKey)
    {
        var slash = modelKey.IndexOf('/');
        if (slash < 0) return KeyDerivation.Humanize(modelKey);
        var author = modelKey[..slash];
        var model = Models.TryGetValue(modelKey, out var name) ? name : KeyDerivation.Humanize(modelKey[(slash + 1)..]);
        return $"{AuthorName(author)}: {model}";
    }

    public static bool IsKnownModel(string modelKey) => Models.ContainsKey(modelKey);
}
