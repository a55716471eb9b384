using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every lesson, run in English and in Chinese at its defaults (issue 24, 7). The choice of language changes words only:
/// the course's prints are the same bytes, the --json is the same but for the take-aways' text, and each take-away quotes
/// the same numbers (in the order Chinese puts them); and no English clause is left in what a Chinese run says (its take-aways and its
/// notes; the course's prints are the course's and stay as they are).
/// These tests are per lesson: a lesson passes once its sentences (and its errata) speak through .resx.
/// </summary>
[TestOf(typeof(Texts))]
[NonParallelizable] // in-process runs switch this process's UI language
public class ChineseRunTests
{
    public static IEnumerable<string> Lessons => LessonRegistry.Ids;

    /// <summary>A lesson's run: the outcome, what the course's prints wrote, and the notes (take-aways, errata, explanations).</summary>
    private sealed record LanguageRun(LessonOutcome Outcome, string Printed, string Notes);

    private static readonly ConcurrentDictionary<(string Id, string Language), LanguageRun> Runs = new();
    private static readonly object Gate = new();

    private static LanguageRun RunIn(string id, CultureInfo language)
    {
        lock (Gate)
        {
            return Runs.GetOrAdd((id, language.Name), _ => CjkPlotTests.InLanguage(language, () =>
            {
                var printed = new StringWriter();
                var notes = new StringWriter();
                LessonOutcome outcome = LessonRunner.Run(LessonRegistry.Find(id)!, new RunOptions(null, null, DeviceChoice.Cpu, Notes: notes), printed);
                return new LanguageRun(outcome, printed.ToString(), notes.ToString());
            }));
        }
    }

    private static bool SameInBothLanguages(LessonOutcome outcome, Chapter4.Claims.Claim claim)
    {
        Type owner = LessonRegistry.Find(outcome.LessonId)!.GetType();
        return Texts.Get(owner, claim.Key, UiLanguage.English) == Texts.Get(owner, claim.Key, UiLanguage.Chinese);
    }

    /// <summary>The numbers a run filled into a take-away (its template's own literals set aside), sorted: a multiset.</summary>
    internal static List<double> Filled(string text, Type owner, string key, CultureInfo language)
    {
        var numbers = Sentences.Numbers(text).ToList();
        string template = Texts.Get(owner, key, language);
        foreach (double literal in Sentences.Numbers(Regex.Replace(template, @"\{\d+(?:[,:][^}]*)?\}", " "))) numbers.Remove(literal);
        numbers.Sort();
        return numbers;
    }

    [TestCaseSource(nameof(Lessons))]
    public void TheCoursesPrintsAndTheNumbersAreTheSameInBothLanguages(string id)
    {
        LanguageRun en = RunIn(id, UiLanguage.English), zh = RunIn(id, UiLanguage.Chinese);
        Assert.That(en.Outcome.ExitCode, Is.Zero, en.Outcome.Error);
        Assert.That(zh.Outcome.ExitCode, Is.Zero, zh.Outcome.Error);
        Assert.That(zh.Printed, Is.EqualTo(en.Printed), "the course's prints are never translated");
        JsonObject a = en.Outcome.ToJson(), b = zh.Outcome.ToJson();
        var textsA = a["takeaways"]!.AsArray().Select(t => (string)t!["text"]!).ToList();
        var textsB = b["takeaways"]!.AsArray().Select(t => (string)t!["text"]!).ToList();
        Assert.That(textsB, Has.Count.EqualTo(textsA.Count), "the same take-aways");
        Assert.Multiple(() =>
        {
            // The numbers the run filled in (the template's own literals, such as "1 − β^t", set aside), as a multiset:
            // Chinese word order may put them in another order ("unit 0 fires for 2 of these 5" → "0 号 … 5 个输入中 … 2 个"),
            // but every value must be there, as often, printed alike.
            Type owner = LessonRegistry.Find(id)!.GetType();
            for (int i = 0; i < textsA.Count; i++)
            {
                string key = (string)a["takeaways"]![i]!["key"]!;
                Assert.That(Filled(textsB[i], owner, key, UiLanguage.Chinese), Is.EqualTo(Filled(textsA[i], owner, key, UiLanguage.English)),
                    $"take-away {i} ('{key}') quotes other numbers:\n  en: {textsA[i]}\n  zh: {textsB[i]}");
            }
        });
        foreach (JsonNode? t in a["takeaways"]!.AsArray().Concat(b["takeaways"]!.AsArray())) t!.AsObject().Remove("text");
        Assert.That(JsonNode.DeepEquals(a, b), Is.True, $"the --json differs beyond the take-aways' text:\n  en: {a.ToJsonString()}\n  zh: {b.ToJsonString()}");
    }

    [TestCaseSource(nameof(Lessons))]
    public void AChineseRunsTakeawaysAreChinese(string id)
    {
        LanguageRun zh = RunIn(id, UiLanguage.Chinese);
        var leaks = zh.Outcome.Takeaways
            // A line that is only a formula (its template the same in both languages, "w.grad = [{0}]") has no words to translate.
            .Where(c => !SameInBothLanguages(zh.Outcome, c) && (!Sentences.HasChinese(c.Text) || Sentences.EnglishRun(c.Text) is not null))
            .Select(c => $"'{c.Key}': {Sentences.EnglishRun(c.Text) ?? "(no Chinese at all)"}  ←  {c.Text}")
            .ToList();
        Assert.That(leaks, Is.Empty, $"{id}: take-aways with English in a zh-CN run");
    }

    [TestCaseSource(nameof(Lessons))]
    public void AChineseRunsNotesHaveNoEnglishSentence(string id)
    {
        LanguageRun zh = RunIn(id, UiLanguage.Chinese);
        var leaks = zh.Notes.Split('\n').Where(l => Sentences.EnglishRun(l) is not null).Select(l => $"{Sentences.EnglishRun(l)}  ←  {l.Trim()}").ToList();
        Assert.That(leaks, Is.Empty, $"{id}: notes (explanations, errata) with an English clause in a zh-CN run; {leaks.Count} lines");
    }
}

/// <summary>The checker's own readers, on sentences whose answer is known.</summary>
[TestOf(typeof(Sentences))]
public class SentencesTests
{
    [TestCase("lr/√(1−α) = 0.0316228 = 3.16228·lr (measured 0.0316228); Adam divides by 1 − β^t", new[] { 1, 0.0316228, 3.16228, 0.0316228, 1 })]
    [TestCase("x1² − x2² from (−5, −2) over 1,000 seeds, ε = 1e-08, L1 and W0 and log10", new[] { -5, -2, 1000, 1e-8 })]
    [TestCase("第3步的步长为0.5，共 2 步", new[] { 3, 0.5, 2 })]
    [TestCase("[0.1, -0.25, 3]", new[] { 0.1, -0.25, 3 })]
    public void NumbersAreReadInOrder(string text, double[] expected) => Assert.That(Sentences.Numbers(text), Is.EqualTo(expected));

    [TestCase("The last step is smaller than the first (0.1 → 0.05) mostly because s is still filling up")]
    [TestCase("Course erratum: the course writes \"adagrap\" and describes RMSProp as averaging the gradient")]
    [TestCase("说明：Each step changed w by −lr·g")]
    public void AnEnglishClauseIsFound(string text) => Assert.That(Sentences.EnglishRun(text), Is.Not.Null);

    [TestCase("最后一步比第一步小 (0.1 → 0.05), 主要因为 s 还在从 0 开始累积 (|g| 1 → 0.9)")]
    [TestCase("optimizer.state[w]['square_avg'] s = α·s + (1−α)·g² = [0.1, 0.2]   (这是 g² 的平均, 不是 g 的平均)")]
    [TestCase("SGD, Momentum, AdaGrad, RMSProp, Adam 在 0.1·x1² + 2·x2² 上的路径；BCE vs BCEWithLogits")]
    [TestCase("用 `the code as it is written here` 和 nn.SmoothL1Loss(beta=1.0)")]
    [TestCase("Smooth L1 Loss 与 Huber Loss")]
    public void ChineseWithCodeAndNamesIsNotEnglish(string text) => Assert.That(Sentences.EnglishRun(text), Is.Null);
}
