using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Tests.Support;
using Deque.AxeCore.Commons;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The book for every reader (issue 23, 1): Deque's axe-core, the engine browsers' own accessibility audits build on,
/// run inside headless Chromium on every page of the built book, with every rule of WCAG 2.0/2.1/2.2 A and AA and
/// axe's best practices. Folded sections (the deep dive) are opened first, so what a reader can unfold is checked too.
/// </summary>
public partial class BookTests
{
    /// <summary>The rule sets asked for, by axe's tags: WCAG 2.x levels A and AA, and axe's best practices.</summary>
    private static readonly string[] AxeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

    /// <summary>What axe said of one page: how many rules passed, the version it reported, and each violation as a line.</summary>
    private sealed record AxeReport(string Page, int RulesPassed, string? Version, List<string> Violations, string Summary);

    [Test]
    public async Task EveryPageHasNoAccessibilityViolationsUnderAxe()
    {
        string axe = new BundledAxeScriptProvider().GetScript();
        HeadlessChromium browser = await Browser();
        var pages = new[] { "index" }.Concat(LessonRegistry.Ids).ToList();
        // Two tabs at a time: each runs in a renderer process of its own, so the audit uses both cores (28 pages, the
        // largest with thousands of table cells whose colour contrast axe measures one by one).
        using var turns = new SemaphoreSlim(2);
        AxeReport[] reports = await Task.WhenAll(pages.Select(async name =>
        {
            await turns.WaitAsync();
            try { return await Audit(browser, axe, name); }
            finally { turns.Release(); }
        }));
        foreach (AxeReport r in reports) TestContext.Out.WriteLine(r.Summary);
        Assert.That(reports.Select(r => r.Version), Has.All.StartWith("4.14."), "the axe-core of Deque.AxeCore.Commons 4.14");
        // Each page passed rules of its own (a run that checked nothing would pass too).
        Assert.That(reports.Sum(r => r.RulesPassed), Is.GreaterThan(10 * pages.Count));
        var failures = reports.SelectMany(r => r.Violations).ToList();
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private async Task<AxeReport> Audit(HeadlessChromium browser, string axe, string name)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string url = new Uri(Path.Combine(_site, name + ".html")).AbsoluteUri;
        var tab = await browser.OpenAsync(url);
        double opened = clock.Elapsed.TotalSeconds;
        await tab.EvaluateAsync(axe + "\n;0");
        double injected = clock.Elapsed.TotalSeconds;
        string? version = (string?)await tab.EvaluateAsync("axe.version");
        string options = new JsonObject
        {
            ["runOnly"] = new JsonObject { ["type"] = "tag", ["values"] = new JsonArray([.. AxeTags.Select(t => (JsonNode)t)]) },
            ["resultTypes"] = new JsonArray("violations"),
        }.ToJsonString();
        var result = (await tab.EvaluateAsync(
            "(async () => { document.querySelectorAll('details').forEach(d => d.open = true);" +
            $" const r = await axe.run(document, {options});" +
            " return { passes: r.passes.length, violations: r.violations.map(v => ({ id: v.id, help: v.help," +
            " targets: v.nodes.map(n => n.target.join(' ')) })) }; })()"))!.AsObject();
        await tab.CloseAsync();
        var violations = result["violations"]!.AsArray();
        var lines = new List<string>();
        foreach (JsonNode? v in violations)
        {
            var targets = v!["targets"]!.AsArray().Select(t => (string)t!).ToList();
            lines.Add($"{name}.html: {v["id"]} ×{targets.Count} ({v["help"]}): {string.Join(", ", targets.Take(5))}{(targets.Count > 5 ? ", …" : "")}");
        }
        string summary = $"{name}: {violations.Sum(v => v!["targets"]!.AsArray().Count)} violating elements, {clock.Elapsed.TotalSeconds:F1} s (open {opened:F1}, axe loaded {injected:F1})" +
                         string.Concat(violations.Select(v => $"; {v!["id"]} ×{v["targets"]!.AsArray().Count}"));
        return new AxeReport(name, (int)result["passes"]!, version, lines, summary);
    }
}
