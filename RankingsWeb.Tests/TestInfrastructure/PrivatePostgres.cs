using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// A PostgreSQL server of a test's own (initdb + pg_ctl on a free loopback port, trust auth), for tests that stop the
/// server under a running app; the shared test server must stay up for everyone else. Run as the postgres user when
/// the tests run as root, as ./test.sh does.
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine("/tmp", "rw-pg-" + Guid.NewGuid().ToString("N")[..12]);

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true";

    public PrivatePostgres()
    {
        Directory.CreateDirectory(_dir);
        if (Environment.UserName == "root") Run("chown", "postgres", _dir);
        AsPostgres("initdb", "-D", Path.Combine(_dir, "data"), "-A", "trust", "-U", "postgres");
        Port = FreePort();
        AsPostgres("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "log"), "-w", "-t", "30",
            "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    /// <summary>Stops the server at once (as a crash or an operator's stop would leave clients).</summary>
    public void Stop() => AsPostgres("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        try { Stop(); } catch (InvalidOperationException) { } // already stopped
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void AsPostgres(string tool, params string[] args)
    {
        if (Environment.UserName == "root") Run("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]);
        else Run(Path.Combine(Bin, tool), args);
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}{stdout.Result}");
    }
}
