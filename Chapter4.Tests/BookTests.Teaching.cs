using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using Chapter4.Course;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// What a page teaches (issue 23): the output pane only what the Python prints, errata and take-aways once each, the
/// update rules as MathML, "Try this" outcomes that are what the lesson computes with those knobs, and a PyTorch table
/// that shows where a series changes. Every expected fact is computed here, by formula, not read from the book.
/// </summary>
public partial class BookTests
{
    private static readonly XNamespace MathML = "http://www.w3.org/1998/Math/MathML";

    /// <summary>The elements of MathML Core (https://www.w3.org/TR/mathml-core/), the subset browsers draw natively.</summary>
    private static readonly HashSet<string> MathMLCore =
    [
        "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover", "munderover",
        "mfrac", "msqrt", "mroot", "mstyle", "mpadded", "mphantom", "merror", "mtable", "mtr", "mtd", "mmultiscripts",
        "mprescripts", "semantics", "annotation", "annotation-xml",
    ];

    private static List<string> TextLines(string text) => text.Replace("\r", "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>
    /// Each erratum once on its page (in its section, not again in the output); the output pane holds no explanation;
    /// every take-away line of the run once outside the "Try this" section (whose blocks come from other runs).
    /// </summary>
    [Test]
    public void ErrataAndTakeAwaysAreShownOnceEachAndNeverInTheOutput()
    {
        int takeawayLines = 0;
        foreach (Lesson lesson in LessonRegistry.All())
        {
            using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
            var output = TextLines(page.QuerySelector("#output pre")!.TextContent);
            var all = TextLines(page.Body!.TextContent);
            foreach (CourseErratum erratum in CourseErrata.For(lesson.Id))
            {
                Assert.That(all.Count(l => l == erratum.Line), Is.EqualTo(1), $"{lesson.Id}: {erratum.Line}");
                Assert.That(output, Has.None.StartsWith("Course erratum:"), lesson.Id);
            }
            var takeaways = TextLines(page.QuerySelector("#takeaways pre")?.TextContent ?? "");
            foreach (string line in takeaways) Assert.That(output, Has.No.Member(line), $"{lesson.Id}: a take-away in the output pane");
            page.QuerySelector("#try")?.Remove();
            var outsideTry = TextLines(page.Body!.TextContent);
            foreach (string line in takeaways.Distinct())
                Assert.That(outsideTry.Count(l => l == line), Is.EqualTo(takeaways.Count(t => t == line)), $"{lesson.Id}: {line}");
            takeawayLines += takeaways.Count;
        }
        Assert.That(takeawayLines, Is.GreaterThan(50));
    }

    /// <summary>The optimizer, schedule and EWMA pages typeset their update rule as MathML Core that parses as XML.</summary>
    [Test]
    public void UpdateRulesAreMathMLThatParsesAsXml()
    {
        string[] expected = ["gd-variants", "momentum", "momentum-dynamics", "adagrad", "rmsprop", "adam", "ewma", "lr-step", "lr-multistep", "lr-exponential"];
        var withRule = new List<string>();
        foreach (Lesson lesson in LessonRegistry.All())
        {
            using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
            var maths = page.QuerySelectorAll("math").ToList();
            if (maths.Count == 0) continue;
            withRule.Add(lesson.Id);
            Assert.That(maths, Has.All.Matches<IElement>(m => m.ParentElement!.Id == "rule"), lesson.Id);
            foreach (IElement math in maths)
            {
                XElement root = XElement.Parse(math.OuterHtml);
                Assert.That(root.Name, Is.EqualTo(MathML + "math"), lesson.Id);
                Assert.That((string?)root.Attribute("display"), Is.EqualTo("block"), lesson.Id);
                foreach (XElement e in root.DescendantsAndSelf())
                {
                    Assert.That(e.Name.Namespace, Is.EqualTo(MathML), $"{lesson.Id}: {e.Name}");
                    Assert.That(MathMLCore, Does.Contain(e.Name.LocalName), $"{lesson.Id}: <{e.Name.LocalName}> is not MathML Core");
                    if (e.Name.LocalName is "mi" or "mo" or "mn") Assert.That(e.Value.Trim(), Is.Not.Empty, $"{lesson.Id}: an empty <{e.Name.LocalName}>");
                }
            }
        }
        Assert.That(withRule, Is.EquivalentTo(expected));

        // The rules' defining pieces, as PyTorch's update code has them.
        XElement[] Rule(string id)
        {
            using var page = Page(Path.Combine(_site, id + ".html"));
            return page.QuerySelectorAll("#rule math").Select(m => XElement.Parse(m.OuterHtml)).ToArray();
        }
        static IEnumerable<XElement> All(XElement[] rule, string name) => rule.SelectMany(r => r.Descendants(MathML + name));
        static string Tokens(XElement e) => string.Concat(e.Descendants().Where(d => !d.HasElements).Select(d => d.Value));
        // Adam's bias correction: 1 − β1^t and 1 − β2^t, each under a fraction bar.
        var adam = Rule("adam");
        Assert.That(All(adam, "mfrac").Select(f => Tokens(f.Elements().Last())), Does.Contain("1−β1t").And.Contain("1−β2t"));
        Assert.That(All(adam, "msqrt"), Is.Not.Empty);
        // Momentum: v_t = μ·v_(t−1) + g_t, then w ← w − lr·v_t.
        Assert.That(Rule("momentum").Select(Tokens), Is.EqualTo(new[] { "vt=μ·vt−1+gt", "w←w−lr·vt" }));
        // RMSProp: s_t = α·s_(t−1) + (1−α)·g_t², then w ← w − lr·g_t/(√s_t + ε).
        Assert.That(Rule("rmsprop").Select(Tokens), Is.EqualTo(new[] { "st=α·st−1+(1−α)·gt2", "w←w−lr·gtst+ε" }));
        Assert.That(Rule("ewma").Select(Tokens).First(), Is.EqualTo("vt=β·vt−1+(1−β)·θt"));
        Assert.That(Rule("lr-step").Select(Tokens), Is.EqualTo(new[] { "lre=lr·γ⌊e/step_size⌋" }));
        Assert.That(Rule("lr-exponential").Select(Tokens), Is.EqualTo(new[] { "lre=lr·γe" }));
    }

    private static IElement Try(IDocument page, string knobs) =>
        page.QuerySelectorAll("#try .try").Single(t => t.QuerySelector("h3")!.TextContent == knobs);

    private static double[] Row(string text, string label)
    {
        int at = text.IndexOf(label, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"'{label}' in:\n{text}");
        string inside = text[(text.IndexOf('[', at) + 1)..text.IndexOf(']', at)];
        return inside.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>
    /// A prompt's outcome is what the lesson computes with its knobs: momentum and RMSProp stepped here by their
    /// update rules in double precision, StepLR's rates by lr·γ^⌊e/step⌋. The pages print 6 decimals, so a value may
    /// be off by 5e-7 from rounding, and the lessons compute in float32 (relative error about 6e-8 a step over 6 steps
    /// of values below 2): the tolerance is 2e-6.
    /// </summary>
    [Test]
    public void TryThisShowsWhatTheLessonComputesWithThoseKnobs()
    {
        const double tolerance = 2e-6;
        using var momentum = Page(Path.Combine(_site, "momentum.html"));
        string heavyBall = Try(momentum, "--momentum 0.99 --lr 0.5 --steps 6").QuerySelector("pre")!.TextContent;
        double w = 1, v = 0;
        var changes = new List<double>();
        for (int t = 0; t < 6; t++)
        {
            double g = w; // loss = w²/2
            v = 0.99 * v + g;
            changes.Add(-0.5 * v);
            w -= 0.5 * v;
        }
        Assert.That(Row(heavyBall, "Each step changes w by"), Is.EqualTo(changes).Within(tolerance));
        Assert.That(changes.Any(c => c > 0), "the case teaches: momentum carries w past 0 and the steps reverse");

        using var rmsprop = Page(Path.Combine(_site, "rmsprop.html"));
        string slow = Try(rmsprop, "--alpha 0.999 --lr 0.001 --steps 5").QuerySelector("pre")!.TextContent;
        double x = 1, s = 0;
        var moved = new List<double>();
        for (int t = 0; t < 5; t++)
        {
            double g = x;
            s = 0.999 * s + 0.001 * g * g;
            double step = 0.001 * g / (Math.Sqrt(s) + 1e-8);
            moved.Add(-step); // the take-away prints each change of w, signed
            x -= step;
        }
        Assert.That(Row(slow, "changed w by"), Is.EqualTo(moved).Within(tolerance));
        // The first step is lr/√(1−α) = 31.6·lr: RMSProp has no bias correction.
        Assert.That(-moved[0] / 0.001, Is.EqualTo(1 / Math.Sqrt(0.001)).Within(1e-3));

        // StepLR halving every 10 epochs from 0.1: below 1e-4 from the first epoch where 0.1·0.5^⌊e/10⌋ < 1e-4.
        using var lrStep = Page(Path.Combine(_site, "lr-step.html"));
        int epochs = 200;
        int first = Enumerable.Range(0, epochs).First(e => 0.1 * Math.Pow(0.5, e / 10) < 1e-4);
        Assert.That(first, Is.EqualTo(100));
        Assert.That(Try(lrStep, "--step-size 10").QuerySelector("pre")!.TextContent,
            Does.Contain($"below 1e-4 from epoch {first} on ({100 * (epochs - first) / epochs}% of the run)"));
    }

    /// <summary>Each prompt shows the command that reproduces it, and that command, run here, prints what the prompt shows.</summary>
    [TestCase("momentum", "--momentum 0.99 --lr 0.5 --steps 6")]
    [TestCase("backprop", "--lr 5")]
    [TestCase("lr-multistep", "--milestones 50,250")]
    public void TryThisCommandsReproduceTheirOutcome(string id, string knobs)
    {
        using var page = Page(Path.Combine(_site, id + ".html"));
        IElement prompt = Try(page, knobs);
        string command = prompt.QuerySelector(".settings code")!.TextContent;
        Assert.That(command, Does.StartWith($"dotnet run --project Chapter4 -- {id} "));
        string[] args = command["dotnet run --project Chapter4 -- ".Length..].Split(' ');
        var (exit, stdout, stderr) = CliAssert.Run([.. args, "--no-plots"]);
        Assert.That(exit, Is.Zero, stderr);
        var shown = prompt.QuerySelector("pre")!.TextContent.Split('\n');
        Assert.That(shown, Is.Not.Empty);
        foreach (string line in shown.Where(l => !l.EndsWith(" …", StringComparison.Ordinal)))
            Assert.That(stdout, Does.Contain(line), $"{id} {knobs}");
    }

    private static List<(string Path, double PyTorch)> PyTorchRows(IDocument page) =>
        page.QuerySelectorAll("#pytorch tbody tr")
            .Select(r => (r.Children[0].TextContent, double.Parse(r.Children[1].TextContent, CultureInfo.InvariantCulture))).ToList();

    private static T Knob<T>(Lesson lesson, string name) => (T)Knobs.Of(lesson.GetType()).Single(k => k.Name == name).Property.GetValue(lesson)!;

    /// <summary>
    /// The table beside PyTorch shows a schedule where it changes: its first epoch, each epoch where the rate changes
    /// (computed here from the schedule's formula at the lesson's course settings) and its last; at most 8 of a series.
    /// The rates are lr·γ^k with γ = 0.5: halving is exact in binary, so each shown PyTorch value equals the formula's
    /// float32 exactly (no tolerance).
    /// </summary>
    [Test]
    public void PyTorchTableShowsWhereTheRateChanges()
    {
        Lesson step = LessonRegistry.Find("lr-step")!, multi = LessonRegistry.Find("lr-multistep")!, exponential = LessonRegistry.Find("lr-exponential")!;
        double StepLr(int e) => Knob<double>(step, "lr") * Math.Pow(Knob<double>(step, "gamma"), e / Knob<int>(step, "step-size"));
        double MultiLr(int e) => Knob<double>(multi, "lr") * Math.Pow(Knob<double>(multi, "gamma"), Knob<int[]>(multi, "milestones").Count(m => m <= e));
        foreach (var (lesson, rate) in new (Lesson, Func<int, double>)[] { (step, StepLr), (multi, MultiLr) })
        {
            int epochs = Knob<int>(lesson, "epochs");
            var expected = Enumerable.Range(0, epochs).Where(e => e == 0 || e == epochs - 1 || rate(e) != rate(e - 1)).ToList();
            using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
            var rows = PyTorchRows(page).Where(r => r.Path.StartsWith("lrs[", StringComparison.Ordinal)).ToList();
            Assert.That(rows.Select(r => int.Parse(r.Path[4..^1], CultureInfo.InvariantCulture)), Is.EqualTo(expected), lesson.Id);
            foreach (var (path, pytorch) in rows)
                Assert.That((float)pytorch, Is.EqualTo((float)rate(int.Parse(path[4..^1], CultureInfo.InvariantCulture))), $"{lesson.Id} {path}");
        }
        // The course's settings: StepLR changes at 50, 100, 150; MultiStepLR at its milestones 50, 100, 160.
        Assert.That(Enumerable.Range(1, 199).Where(e => StepLr(e) != StepLr(e - 1)), Is.EqualTo(new[] { 50, 100, 150 }));

        // ExponentialLR changes every epoch: 8 values, the first and the last among them.
        using var exp = Page(Path.Combine(_site, "lr-exponential.html"));
        var indices = PyTorchRows(exp).Where(r => r.Path.StartsWith("lrs[", StringComparison.Ordinal)).Select(r => int.Parse(r.Path[4..^1], CultureInfo.InvariantCulture)).ToList();
        Assert.That(indices, Has.Count.EqualTo(8).And.Ordered);
        Assert.That((indices[0], indices[^1]), Is.EqualTo((0, Knob<int>(exponential, "epochs") - 1)));

        // Every page: at most 8 values of one series (paths equal but for their last index).
        foreach (Lesson lesson in LessonRegistry.All())
        {
            using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
            var series = PyTorchRows(page).GroupBy(r => LastIndex().Replace(r.Path, "[]", 1));
            Assert.That(series.Select(g => g.Count()), Has.All.LessThanOrEqualTo(8), lesson.Id);
        }
    }

    // The last [n] of a path: matched right to left.
    [GeneratedRegex(@"\[\d+\](?!.*\[\d+\])", RegexOptions.RightToLeft)]
    private static partial Regex LastIndex();
}
