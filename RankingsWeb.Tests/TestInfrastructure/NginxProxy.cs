using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// Debian's nginx as a real reverse proxy in front of a test app: the repository's own site file
/// (deploy/nginx-rankingsweb.conf) with its ports, certificate and upstream swapped for spare loopback ports, a
/// throwaway self-signed certificate and the app's Kestrel port. Everything nginx writes (pid, logs, temp files) is
/// under one temp folder; disposing kills nginx and its workers and deletes the folder.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    /// <summary>The nginx binary, or null when it is not installed (tests using it are skipped, <see cref="NginxFactAttribute"/>).</summary>
    public static string? Binary { get; } = new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx" }.FirstOrDefault(File.Exists);

    public const string NotInstalled = "nginx is not installed (apt-get install nginx; ./test.sh installs it when missing)";

    public static string SiteFile => RepoPaths.File("deploy", "nginx-rankingsweb.conf");

    private readonly DirectoryInfo _dir;
    private Process? _process;

    private NginxProxy(DirectoryInfo dir, X509Certificate2 certificate)
    {
        _dir = dir;
        Certificate = certificate;
    }

    public int HttpPort { get; private set; }
    public int HttpsPort { get; private set; }

    /// <summary>Where browsers and clients go: the TLS server block of the site file.</summary>
    public string HttpsUrl => $"https://127.0.0.1:{HttpsPort}";

    /// <summary>The plain-HTTP server block, which only redirects.</summary>
    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    /// <summary>The self-signed certificate nginx serves; <see cref="CreateClient"/> trusts exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    public string ErrorLog => ReadLog("error.log");
    public string AccessLog => ReadLog("access.log");

    /// <summary>Starts nginx with the repository's site file in front of the app on 127.0.0.1:<paramref name="upstreamPort"/>.</summary>
    public static async Task<NginxProxy> StartAsync(int upstreamPort)
    {
        if (Binary is null) throw new InvalidOperationException(NotInstalled);
        var dir = Directory.CreateTempSubdirectory("rankings-nginx-");
        var proxy = new NginxProxy(dir, WriteCertificate(dir.FullName));
        try
        {
            // A spare port can be taken by someone else between picking it and nginx binding it: pick again.
            for (var attempt = 1; ; attempt++)
            {
                proxy.HttpPort = FreePort();
                proxy.HttpsPort = FreePort();
                var site = DeriveSite(File.ReadAllText(SiteFile), upstreamPort, proxy.HttpPort, proxy.HttpsPort, proxy.CertPath, proxy.KeyPath);
                File.WriteAllText(Path.Combine(dir.FullName, "site.conf"), site);
                File.WriteAllText(proxy.ConfPath, proxy.MainConf());
                if (await proxy.TryLaunchAsync()) return proxy;
                if (attempt == 5 || !proxy.ErrorLog.Contains("Address already in use", StringComparison.Ordinal))
                    throw new InvalidOperationException("nginx did not start:\n" + proxy.ErrorLog);
            }
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The site file as the tests run it. Each replacement must match, so a change to the file that the tests can no
    /// longer follow fails loudly here instead of testing something else.
    /// </summary>
    public static string DeriveSite(string site, int upstreamPort, int httpPort, int httpsPort, string certPath, string keyPath)
    {
        (string From, string To)[] swaps =
        [
            ("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;"),
            ("listen [::]:443 ssl http2;", ""),
            ("listen 80;", $"listen 127.0.0.1:{httpPort};"),
            ("listen [::]:80;", ""),
            ("/etc/letsencrypt/live/rankings.example.com/fullchain.pem", certPath),
            ("/etc/letsencrypt/live/rankings.example.com/privkey.pem", keyPath),
            ("server 127.0.0.1:5000;", $"server 127.0.0.1:{upstreamPort};"),
        ];
        foreach (var (from, to) in swaps)
        {
            if (!site.Contains(from, StringComparison.Ordinal))
                throw new InvalidOperationException($"{SiteFile} no longer contains '{from}': update NginxProxy.DeriveSite with it.");
            site = site.Replace(from, to, StringComparison.Ordinal);
        }
        return site;
    }

    /// <summary>Runs <c>nginx -t</c> on a main configuration file; the exit code and what nginx said.</summary>
    public static async Task<(int ExitCode, string Output)> CheckConfigAsync(string confPath, string errorLogPath)
    {
        if (Binary is null) throw new InvalidOperationException(NotInstalled);
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-t", "-c", confPath, "-e", errorLogPath }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>
    /// A client of the TLS server block that trusts only this proxy's certificate and follows no redirects.
    /// <paramref name="from"/> binds the client's end to another loopback address (127.0.0.2, …), so nginx sees a
    /// different client: how the tests stand in for several visitors.
    /// </summary>
    public HttpClient CreateClient(IPAddress? from = null, CookieContainer? cookies = null)
    {
        var thumbprint = Certificate.GetCertHashString();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint,
            },
        };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }
        return new HttpClient(handler) { BaseAddress = new Uri(HttpsUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { _dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        Certificate.Dispose();
    }

    private string ConfPath => Path.Combine(_dir.FullName, "nginx.conf");
    private string CertPath => Path.Combine(_dir.FullName, "cert.pem");
    private string KeyPath => Path.Combine(_dir.FullName, "key.pem");

    /// <summary>
    /// What /etc/nginx/nginx.conf gives a site on Debian, with every path in the temp folder. In the foreground, so
    /// the test owns the process. As root, nginx would run its workers as nobody, who cannot use the temp folder.
    /// </summary>
    private string MainConf()
    {
        var d = _dir.FullName;
        return $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{d}}/nginx.pid;
            error_log {{d}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log {{d}}/access.log;
                client_body_temp_path {{d}}/client_body;
                proxy_temp_path {{d}}/proxy;
                fastcgi_temp_path {{d}}/fastcgi;
                uwsgi_temp_path {{d}}/uwsgi;
                scgi_temp_path {{d}}/scgi;
                include {{d}}/site.conf;
            }
            """;
    }

    private async Task<bool> TryLaunchAsync()
    {
        var start = new ProcessStartInfo(Binary!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", _dir.FullName, "-c", ConfPath, "-e", Path.Combine(_dir.FullName, "error.log") }) start.ArgumentList.Add(a);
        _process?.Dispose();
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        // Ready when both ports accept connections (the master binds them before it starts its worker).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) return false;
            if (await AcceptsAsync(HttpsPort) && await AcceptsAsync(HttpPort)) return true;
            await Task.Delay(20);
        }
        throw new TimeoutException("nginx did not accept connections within 30 s:\n" + ErrorLog);
    }

    private async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            // `nginx -s stop` (SIGTERM through the pid file): the master stops and reaps its worker. Killing the master
            // alone would leave the worker serving; killing both leaves the worker for init to reap.
            var stop = new ProcessStartInfo(Binary!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-p", _dir.FullName, "-c", ConfPath, "-e", Path.Combine(_dir.FullName, "error.log"), "-s", "stop" }) stop.ArgumentList.Add(a);
            using (var signal = Process.Start(stop)!) await signal.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(stopped.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        _process = null;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A throwaway self-signed certificate for 127.0.0.1 and localhost, as cert.pem and key.pem in <paramref name="dir"/>.</summary>
    public static X509Certificate2 WriteCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=rankings.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(Path.Combine(dir, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(dir, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private string ReadLog(string name)
    {
        var path = Path.Combine(_dir.FullName, name);
        try { return File.Exists(path) ? File.ReadAllText(path) : ""; } catch (IOException) { return ""; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A test through nginx: skipped when nginx is not installed, and on PostgreSQL (the proxy does not care which
/// database the app uses, so the SQLite pass covers it, like the browser tests).
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (TestProvider.IsPostgres) Skip = TestProvider.SqliteOnly;
        else if (NginxProxy.Binary is null) Skip = NginxProxy.NotInstalled;
    }
}
