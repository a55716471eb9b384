using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using NUnit.Framework;

namespace Chapter4.Tests.Support;

/// <summary>
/// Debian's chromium, headless, launched once and driven over the DevTools protocol (a WebSocket): each page is
/// opened in a tab of the same browser, so the book's browser checks pay one start-up instead of one per page.
/// (Playwright would do the same, but its package is 786 MB unpacked; this needs nothing beyond the browser.)
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    // A WebSocket takes one send at a time; tabs driven side by side (the accessibility audit) take turns here.
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _nextId;
    private Task _reader = Task.CompletedTask;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string Executable()
    {
        foreach (string candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            if (File.Exists(candidate)) return candidate;
        Assert.Fail("no chromium: `apt-get install chromium` (.ci/run installs it)");
        return "";
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        string profile = Directory.CreateTempSubdirectory("chapter4-chromium-").FullName;
        var start = new ProcessStartInfo(Executable()) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-extensions", "--disable-sync", "--hide-scrollbars", "--mute-audio",
                     "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank" })
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        // Chromium says where its DevTools endpoint is on stderr: "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID".
        using var deadline = new CancellationTokenSource(Timeout);
        string? endpoint = null;
        while (endpoint is null)
        {
            string? line = await process.StandardError.ReadLineAsync(deadline.Token);
            if (line is null) Assert.Fail("chromium exited before it opened its DevTools endpoint");
            int at = line!.IndexOf("ws://", StringComparison.Ordinal);
            if (line.StartsWith("DevTools listening on ", StringComparison.Ordinal) && at >= 0) endpoint = line[at..].Trim();
        }
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await browser._socket.ConnectAsync(new Uri(endpoint), deadline.Token);
        browser._reader = Task.Run(browser.ReadAsync);
        return browser;
    }

    /// <summary>Sends one DevTools command (to a tab when <paramref name="session"/> is given) and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? session = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null) message["sessionId"] = session;
        await _sending.WaitAsync(_stop.Token);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        }
        finally
        {
            _sending.Release();
        }
        return await reply.Task.WaitAsync(Timeout);
    }

    /// <summary>Opens <paramref name="url"/> in a new tab of <paramref name="width"/>×<paramref name="height"/> and waits for its load event.</summary>
    public async Task<BrowserTab> OpenAsync(string url, int width = 1400, int height = 2400)
    {
        string target = (string)(await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!;
        string session = (string)(await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))["sessionId"]!;
        await SendAsync("Emulation.setDeviceMetricsOverride",
            new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var navigation = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        if (navigation["errorText"] is { } error) Assert.Fail($"chromium could not open {url}: {error}");
        var tab = new BrowserTab(this, target, session);
        // Loaded when the tab shows this URL and its document (images included) is complete.
        var clock = Stopwatch.StartNew();
        while ((string?)await tab.EvaluateAsync("document.readyState === 'complete' ? location.href : ''") != url)
        {
            if (clock.Elapsed > Timeout) Assert.Fail($"chromium did not finish loading {url} in {Timeout.TotalSeconds} s");
            await Task.Delay(20);
        }
        return tab;
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage) continue;
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _pending.TryRemove((int)id, out var reply))
                {
                    if (json["error"] is { } error) reply.TrySetException(new InvalidOperationException($"DevTools: {error.ToJsonString()}"));
                    else reply.TrySetResult(json["result"]?.AsObject() ?? new JsonObject());
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser is closing.
        }
        foreach (var reply in _pending.Values) reply.TrySetCanceled();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException or InvalidOperationException)
        {
            // Killed below.
        }
        _stop.Cancel();
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        _sending.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One tab of <see cref="HeadlessChromium"/>: its DOM as the browser built it, a screenshot, a script's value.</summary>
internal sealed class BrowserTab(HeadlessChromium browser, string target, string session)
{
    /// <summary>The value of a JavaScript expression in the page (returned by value: strings, numbers, JSON-able objects).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await browser.SendAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, session);
        if (result["exceptionDetails"] is { } error) Assert.Fail($"script failed in the page: {error.ToJsonString()}");
        return result["result"]?["value"];
    }

    public async Task<string> DomAsync() => (string)(await EvaluateAsync("document.documentElement.outerHTML"))!;

    public async Task<byte[]> ScreenshotAsync() =>
        Convert.FromBase64String((string)(await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, session))["data"]!);

    public Task CloseAsync() => browser.SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = target });
}
