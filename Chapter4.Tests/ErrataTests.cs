using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Chapter4.App;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The course's mistakes are listed by `errata` and printed by the lessons that mirror the erring snippets, in the
/// learner's language: every erratum's words are in CourseErrata.resx (English) and CourseErrata.zh-CN.resx (Chinese).
/// </summary>
[TestOf(typeof(CourseErrata))]
public class ErrataTests
{
    private static double D(JsonNode? n) => double.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);

    private static bool HasChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    /// <summary>Runs <paramref name="action"/> with this thread's UI language set to <paramref name="culture"/> (restored after).</summary>
    private static T In<T>(CultureInfo culture, Func<T> action)
    {
        CultureInfo before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try { return action(); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    [Test]
    public void ErrataJsonListsEveryErratumWithItsFieldsInBothLanguages()
    {
        var r = CliAssert.Run("errata", "--json");
        Assert.That(r.Exit, Is.Zero, r.Err);
        var errata = JsonNode.Parse(r.Out)!.AsArray();
        Assert.That(errata, Has.Count.EqualTo(CourseErrata.All.Count));
        foreach (JsonNode? e in errata)
        {
            Assert.That(e!.AsObject().Select(kv => kv.Key), Is.EqualTo(new[] { "key", "section", "course", "correction", "course_zh", "correction_zh", "lessons" }));
            Assert.That(e["lessons"]!.AsArray().Select(l => (string)l!), Is.All.Matches<string>(id => LessonRegistry.Find(id) is not null));
            var section = CourseOutline.Sections.Single(h => h.ToString() == (string)e["section"]!);
            // No lesson only where no snippet can show it: a text-only heading (it has a note in `list`).
            if (e["lessons"]!.AsArray().Count == 0) Assert.That(section.Note, Is.Not.Null, (string)e["key"]!);
            string course = (string)e["course"]!, correction = (string)e["correction"]!;
            string courseZh = (string)e["course_zh"]!, correctionZh = (string)e["correction_zh"]!;
            Assert.That(correction, Is.Not.Empty.And.Not.EqualTo(correctionZh));
            Assert.That(HasChinese(courseZh) && HasChinese(correctionZh), Is.True, $"{e["key"]}: the Chinese text is Chinese");
            Assert.That(course, Is.EqualTo(CourseErrata.All.Single(x => x.Key == (string)e["key"]!).CourseIn(UiLanguage.English)));
        }
    }

    [Test]
    public void EveryErratumHasItsWordsInEachLanguagesOwnFile()
    {
        foreach (CourseErratum e in CourseErrata.All)
            foreach (string field in new[] { ".course", ".correction" })
            {
                Assert.That(Texts.Exact(typeof(CourseErrata), e.Key + field, CultureInfo.InvariantCulture), Is.Not.Null.And.Not.Empty, e.Key + field + " (English)");
                Assert.That(Texts.Exact(typeof(CourseErrata), e.Key + field, UiLanguage.Chinese), Is.Not.Null.And.Not.Empty, e.Key + field + " (Chinese)");
            }
        Assert.That(CourseErrata.All.Select(e => e.Key), Is.Unique);
    }

    public static IEnumerable<TestCaseData> Printed() =>
        CourseErrata.All.SelectMany(e => e.Lessons.Select(id => new TestCaseData(id, e.LineIn(UiLanguage.English)).SetName($"{id} prints erratum {e.Key}")));

    [TestCaseSource(nameof(Printed))]
    public void EachLessonPrintsItsErrataWhereTheLearnerMeetsThem(string lesson, string line)
    {
        var run = LessonMemo.Of(lesson);
        Assert.That(run.Outcome.ExitCode, Is.Zero, run.Outcome.Error);
        Assert.That(run.Text.Split('\n'), Does.Contain(line));
        Assert.That(line, Does.StartWith("Course erratum: "));
    }

    /// <summary>Issue 24: a lesson prints its errata in the learner's language (here Chinese), from CourseErrata.zh-CN.resx.</summary>
    [Test]
    public void ALessonPrintsItsErrataInChineseForAChineseLearner()
    {
        var text = new StringWriter();
        var outcome = In(UiLanguage.Chinese, () => LessonRunner.Run(LessonRegistry.Find("loss-mse")!, new RunOptions(Device: DeviceChoice.Cpu, Notes: text), text));
        Assert.That(outcome.ExitCode, Is.Zero, outcome.Error);
        string[] lines = text.ToString().Split('\n');
        foreach (CourseErratum e in CourseErrata.For("loss-mse"))
        {
            Assert.That(lines, Does.Contain(e.LineIn(UiLanguage.Chinese)));
            Assert.That(e.LineIn(UiLanguage.Chinese), Does.StartWith("课程勘误：").And.Contain(e.CorrectionIn(UiLanguage.Chinese)));
        }
        Assert.That(lines.Where(l => l.StartsWith("Course erratum", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void TheErrataCommandPrintsInTheCurrentLanguage()
    {
        string zh = ErrataCommand.Text(UiLanguage.Chinese), en = ErrataCommand.Text(UiLanguage.English);
        Assert.That(zh, Does.Contain("正确说法：").And.Not.Contain("Right: "));
        Assert.That(en, Does.Contain("Right: ").And.Not.Contain("正确说法"));
        foreach (CourseErratum e in CourseErrata.All)
        {
            Assert.That(zh, Does.Contain(e.CorrectionIn(UiLanguage.Chinese)));
            Assert.That(en, Does.Contain(e.CorrectionIn(UiLanguage.English)));
        }
        // The command prints the list in the language of the run.
        foreach (var culture in new[] { UiLanguage.Chinese, UiLanguage.English })
        {
            var (exit, output, culturePrinted) = In(culture, () => CliAssert.Run("errata", "--lang", culture.Name) is var r ? (r.Exit, r.Out, UiLanguage.Current) : default);
            Assert.That(exit, Is.Zero);
            Assert.That(output, Is.EqualTo(ErrataCommand.Text(culturePrinted)));
        }
    }

    // ---- the five errata items of teaching-review-3 ----

    /// <summary>
    /// 4.1: with too large a rate the gradient does flip sign (for loss w², w ← (1 − 2·lr)·w, so for lr &gt; 0.5 both w and
    /// the gradient 2w change sign every step): the erratum must not call the course's 梯度震荡 wrong, and decay is "not
    /// mainly" a regulariser.
    /// </summary>
    [Test]
    public void TheDecayErratumAgreesThatTheGradientFlipsAndDoesNotOverclaim()
    {
        double w = 1, lr = 0.9;
        var gradients = Enumerable.Range(0, 6).Select(_ => { double g = 2 * w; w -= lr * g; return g; }).ToList();
        Assert.That(gradients.Zip(gradients.Skip(1), (a, b) => Math.Sign(a) != Math.Sign(b)), Is.All.True, "the premise: 2w flips sign each step");

        var e = CourseErrata.All.Single(x => x.Key == "why-decay");
        string en = e.CorrectionIn(UiLanguage.English);
        Assert.That(en, Does.Contain("The 梯度震荡 is real").And.Contain("flip sign each step"));
        Assert.That(en, Does.Contain("not mainly a regulariser").And.Contain("Li, Wei and Ma, 2019"));
        Assert.That(en, Does.Not.Contain("it is not a regulariser"));
        Assert.That(e.CorrectionIn(UiLanguage.Chinese), Does.Contain("主要不是").And.Contain("确有其事"));
        Assert.That(e.Lessons, Is.EqualTo(new[] { "lr-sweep" }));
    }

    /// <summary>The four claims the old 2.1 erratum bundled: each filed under the heading where the course makes it, pointing to the lesson that shows it.</summary>
    [TestCase("pros-accuracy", "1.3", new string[0])]
    [TestCase("loss-gradient", "2.1", new[] { "backprop" })]
    [TestCase("chain-rule", "3.2", new[] { "backprop", "backprop-model" })]
    [TestCase("optimizers-avoid", "3.3", new[] { "optimizer-paths" })]
    public void EachOfTheFourBundledClaimsIsItsOwnErratum(string key, string section, string[] lessons)
    {
        var e = CourseErrata.All.Single(x => x.Key == key);
        Assert.That(e.Section.Number, Is.EqualTo(section));
        Assert.That(e.Lessons, Is.EqualTo(lessons));
        if (lessons.Length == 0) Assert.That(e.LineIn(UiLanguage.English), Does.EndWith("(no lesson can show it)"));
    }

    /// <summary>
    /// The chain-rule erratum says a hidden weight's gradient is a sum of two path products: backprop's own numbers show
    /// it (∂E/∂w1 = δo1·w5·h1(1 − h1)·i1 + δo2·w7·h1(1 − h1)·i1, recomputed here from the network's constants).
    /// </summary>
    [Test]
    public void BackpropShowsTheSumOverPathsTheChainRuleErratumNames()
    {
        static double S(double z) => 1 / (1 + Math.Exp(-z));
        double h1 = S(0.15 * 0.05 + 0.20 * 0.10 + 0.35), h2 = S(0.25 * 0.05 + 0.30 * 0.10 + 0.35);
        double o1 = S(0.40 * h1 + 0.45 * h2 + 0.60), o2 = S(0.50 * h1 + 0.55 * h2 + 0.60);
        double d1 = (o1 - 0.01) * o1 * (1 - o1), d2 = (o2 - 0.99) * o2 * (1 - o2);
        double viaO1 = d1 * 0.40 * h1 * (1 - h1) * 0.05, viaO2 = d2 * 0.50 * h1 * (1 - h1) * 0.05;
        var run = LessonMemo.Of("backprop");
        double w1 = D(run.Outcome.Results["autograd_grads"]![0]);
        // autograd in float32 against the float64 sum: float32 rounding of a 4e-4 gradient (≈ 1e-10).
        Assert.That(w1, Is.EqualTo(viaO1 + viaO2).Within(1e-9));
        Assert.That(Math.Sign(viaO1), Is.Not.EqualTo(Math.Sign(viaO2)), "the two paths pull opposite ways: neither alone is the gradient");
        Assert.That(run.Notes, Does.Contain("its gradient adds two paths"));
    }

    // The course's 1.2 snippet exactly as printed (it has no import), and the 1.1 snippet it relies on.
    private const string Snippet12 = """
        def train():
        	my_model = ModelDemo()
        	data = torch.randn(size=(5, 3))
        	output = my_model(data)
        	summary(model=my_model, input_size=(5, 3))

        if __name__ == '__main__':
        	train()
        """;

    private const string Snippet11 = """
        import torch
        import torch.nn as nn
        class ModelDemo(nn.Module):
        	def __init__(self):
        		super().__init__()
        		self.linear1 = nn.Linear(in_features=3, out_features=3)
        	def forward(self, x):
        		return self.linear1(x)

        """;

    private static string PythonError(string script)
    {
        Skip.Unless(File.Exists("/usr/bin/python3"), "no /usr/bin/python3 here");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var python = Process.Start(start)!;
        string err = python.StandardError.ReadToEnd();
        python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        Skip.Unless(!err.Contains("No module named 'torch'", StringComparison.Ordinal), "PyTorch is not importable by /usr/bin/python3");
        return err.TrimEnd().Split('\n')[^1];
    }

    /// <summary>1.2: as printed the snippet stops with NameError (ModelDemo; after the 1.1 code, summary), as the erratum says.</summary>
    [Test]
    public void TheSummaryImportErratumQuotesPythonsOwnErrors()
    {
        string alone = PythonError(Snippet12), after11 = PythonError(Snippet11 + Snippet12);
        Assert.That(alone, Is.EqualTo("NameError: name 'ModelDemo' is not defined"));
        Assert.That(after11, Is.EqualTo("NameError: name 'summary' is not defined"));
        var e = CourseErrata.All.Single(x => x.Key == "summary-import");
        Assert.That(e.Section, Is.EqualTo(CourseOutline.ModelParameters));
        foreach (var culture in new[] { UiLanguage.English, UiLanguage.Chinese })
        {
            Assert.That(e.CorrectionIn(culture), Does.Contain(alone).And.Contain("name 'summary' is not defined").And.Contain("torchsummary"));
        }
    }

    /// <summary>2.3.2: MSE's gradient is proportional to the error (2e/n by the formula), which the erratum says instead of "梯度爆炸".</summary>
    [Test]
    public void TheMseErratumSaysTheGradientIsProportionalToTheError()
    {
        var results = LessonMemo.Of("loss-mse").Outcome.Results;
        double[] pred = [1.3, 1.7, 2.0], target = [1.2, 1.5, 2.0];
        double[] grad = results["grad"]!.AsArray().Select(D).ToArray();
        for (int i = 0; i < 3; i++)
            Assert.That(grad[i], Is.EqualTo(2 * ((float)pred[i] - (float)target[i]) / 3).Within(1e-7), "float32 rounding of 2e/n");
        var e = CourseErrata.All.Single(x => x.Key == "mse-explosion");
        Assert.That(e.Section, Is.EqualTo(CourseOutline.MseLoss));
        Assert.That(e.CorrectionIn(UiLanguage.English), Does.Contain("in proportion to the error").And.Contain("layer by layer"));
        Assert.That(e.Lessons, Does.Contain("loss-mse"));
    }

    /// <summary>1.1: the erratum's numbers are init-dead-relu's at its defaults, in the two quantities' own words.</summary>
    [Test]
    public void TheLinear2ErratumQuotesInitDeadRelusNumbers()
    {
        var inits = LessonMemo.Of("init-dead-relu").Outcome.Results["inits"]!.AsArray();
        var course = inits[0]!;
        string P(string field) => (100 * D(course[field])).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string text = CourseErrata.All.Single(x => x.Key == "linear2-init").CorrectionIn(UiLanguage.English);
        Assert.That(text, Does.Contain($"{P("dead_unit_fraction")} of networks have a unit dead for every input"));
        Assert.That(text, Does.Contain($"{P("off_unit_fraction")} a unit off for these 5 inputs"));
        Assert.That(text, Does.Contain($"{P("identical_rows_fraction")} give identical output rows"));
    }
}
