using System.Text.Json.Nodes;
using Chapter4.Harness;
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

    [Test]
    public async Task EveryPageHasNoAccessibilityViolationsUnderAxe()
    {
        string axe = new BundledAxeScriptProvider().GetScript();
        var pages = new[] { "index" }.Concat(LessonRegistry.Ids).ToList();
        var failures = new List<string>();
        int rulesPassed = 0;
        foreach (string name in pages)
        {
            string url = new Uri(Path.Combine(_site, name + ".html")).AbsoluteUri;
            var tab = await (await Browser()).OpenAsync(url);
            await tab.EvaluateAsync(axe + "\n;0");
            Assert.That((string?)await tab.EvaluateAsync("axe.version"), Does.StartWith("4.14."), "the axe-core of Deque.AxeCore.Commons 4.14");
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
            rulesPassed += (int)result["passes"]!;
            var violations = result["violations"]!.AsArray();
            TestContext.Out.WriteLine($"{name}: {violations.Sum(v => v!["targets"]!.AsArray().Count)} violating elements" +
                string.Concat(violations.Select(v => $"; {v!["id"]} ×{v["targets"]!.AsArray().Count}")));
            foreach (JsonNode? v in violations)
            {
                var targets = v!["targets"]!.AsArray().Select(t => (string)t!).ToList();
                failures.Add($"{name}.html: {v["id"]} ×{targets.Count} ({v["help"]}): {string.Join(", ", targets.Take(5))}{(targets.Count > 5 ? ", …" : "")}");
            }
            await tab.CloseAsync();
        }
        // Each page passed rules of its own (a run that checked nothing would pass too).
        Assert.That(rulesPassed, Is.GreaterThan(10 * pages.Count));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }
}
