using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// The app as a real OS process (<c>dotnet RankingsWeb.dll</c> from the test's bin folder, which holds the web
/// project's build and appsettings as a referenced project), so a test can SIGKILL a node. Configured only
/// through environment variables, like a deployment. Disposing kills the process, so a failed test leaves
/// nothing running.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly object _logGate = new();
    private readonly Queue<string> _log = new();
    private Process? _process;

    private readonly string _appDirectory;

    private NodeProcess(string name, Dictionary<string, string> settings, string? appDirectory = null)
    {
        Name = name;
        _settings = settings;
        _appDirectory = appDirectory ?? AppContext.BaseDirectory;
        Port = FreePort();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RankingsAppFactory.IngestKey);
    }

    public string Name { get; }
    public int Port { get; }

    /// <summary>Carries the ingest key; status and reads ignore it.</summary>
    public HttpClient Client { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a node on PostgreSQL; <paramref name="extra"/> adds or overrides settings (<c>Rankings__X</c> form).</summary>
    public static NodeProcess Start(string name, string roles, string connectionString, IDictionary<string, string>? extra = null)
    {
        var settings = BaseSettings();
        settings["Rankings__Database"] = "Postgres";
        settings["ConnectionStrings__Rankings"] = connectionString;
        settings["Rankings__NodeRoles"] = roles;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        var node = new NodeProcess(name, settings);
        node.Launch();
        return node;
    }

    /// <summary>
    /// Starts the app in <paramref name="appDirectory"/> (a published folder, say) on a SQLite file of its own, in
    /// Production; <paramref name="extra"/> adds or overrides settings.
    /// </summary>
    public static NodeProcess StartSqlite(string name, string appDirectory, string databaseFile, IDictionary<string, string>? extra = null)
    {
        var settings = BaseSettings();
        settings["ConnectionStrings__Rankings"] = $"Data Source={databaseFile}";
        settings["Logging__LogLevel__Default"] = "Information";
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) settings[k] = v;
        var node = new NodeProcess(name, settings, appDirectory);
        node.Launch();
        return node;
    }

    private static Dictionary<string, string> BaseSettings() =>
        new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Rankings__IngestApiKey"] = RankingsAppFactory.IngestKey,
            ["Rankings__AdminApiKey"] = RankingsAppFactory.AdminKey,
            ["Rankings__AdminEmail"] = RankingsAppFactory.AdminEmail,
            ["Rankings__AdminPassword"] = RankingsAppFactory.AdminPassword,
            ["Rankings__SeedDemoData"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__RankingsWeb.Jobs"] = "Debug",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };

    private void Launch()
    {
        var dir = _appDirectory;
        var psi = new ProcessStartInfo(DotnetHost(), [Path.Combine(dir, "RankingsWeb.dll"), "--urls", $"http://127.0.0.1:{Port}"])
        {
            WorkingDirectory = dir, // the content root: appsettings.json is found here
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Nothing of the test process's own configuration leaks into the node.
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("Rankings__", StringComparison.OrdinalIgnoreCase) || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
                psi.Environment.Remove(key);
        }
        foreach (var (k, v) in _settings) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_logGate)
        {
            _log.Enqueue(line);
            while (_log.Count > 200) _log.Dequeue();
        }
    }

    /// <summary>The last 200 lines the node wrote since it was (re)started.</summary>
    public string RecentLog
    {
        get { lock (_logGate) return string.Join('\n', _log); }
    }

    /// <summary>Waits until the node answers /api/v1/status (migrations, admin bootstrap and Hangfire set up).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is null || _process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process?.ExitCode} before it was ready:\n{RecentLog}");
            try
            {
                using var response = await Client.GetAsync("/api/v1/status");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{RecentLog}");
    }

    /// <summary>Waits for the process to end (a start-up that refuses its settings) and for its output to be read; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process!.WaitForExitAsync(cts.Token); // also waits for the redirected output to end
        return _process.ExitCode;
    }

    public async Task<(long Records, long Pending)> StatusAsync()
    {
        var status = await Client.GetFromJsonAsync<JsonElement>("/api/v1/status");
        return (status.GetProperty("records").GetInt64(), status.GetProperty("pending").GetInt64());
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): no shutdown code runs, no lock is released by the process.</summary>
    public void Kill()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the node again, same port and settings; <see cref="RecentLog"/> starts over.</summary>
    public void Restart()
    {
        Kill();
        lock (_logGate) _log.Clear();
        Launch();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
