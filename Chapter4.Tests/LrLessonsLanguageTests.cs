using System.Globalization;
using System.Text.RegularExpressions;
using Chapter4.Harness;
using Chapter4.Language;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The seven lessons of lr-sweep, lr-compare, lr-step, lr-multistep, lr-exponential, gd-variants and ewma say the same
/// things in English and in Chinese: the same sentences (keys), every key in both .resx files, no placeholder left
/// unfilled, and the same numbers in the same order (issue 23, rule 4).
/// </summary>
[TestOf("the learning-rate lessons' sentences in both languages")]
public partial class LrLessonsLanguageTests
{
    private static readonly string[][] Runs =
    [
        ["lr-sweep"],
        ["lr-sweep", "--momentum", "0", "--lrs", "0.001,0.01,0.1,0.5,0.9,1.0,1.01"],
        ["lr-sweep", "--lrs", "1e-9,0.0015,1.0,1.95,40", "--steps", "30", "--momentum", "0.5"],
        ["lr-compare", "--epochs", "10", "--seeds", "2"],
        ["lr-compare", "--epochs", "8", "--seeds", "1"],
        ["lr-step", "--lr", "0.3"],
        ["lr-step", "--gamma", "1"],
        ["lr-multistep", "--milestones", "100,300,400"],
        ["lr-exponential", "--gamma", "1.01", "--lr", "0.00001", "--epochs", "300"],
        ["lr-exponential"],
        ["gd-variants"],
        ["gd-variants", "--batch-size", "1", "--epochs", "3"],
        ["gd-variants", "--samples", "5", "--batch-size", "5", "--lr", "0.9", "--epochs", "5"],
        ["ewma", "--beta", "0,0.999", "--days", "6"],
        ["ewma"],
    ];

    private static IEnumerable<TestCaseData> Cases() => Runs.Select(r => new TestCaseData((object)r).SetName(string.Join(" ", r)));

    private static LessonOutcome RunIn(CultureInfo culture, string[] args)
    {
        Lesson lesson = LessonRegistry.Find(args[0])!;
        for (int i = 1; i + 1 < args.Length; i += 2) Knobs.Set(lesson, args[i][2..], args[i + 1]);
        CultureInfo before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            return LessonRunner.Run(lesson, new RunOptions(null, null, DeviceChoice.Cpu, Notes: TextWriter.Null), TextWriter.Null);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")]
    private static partial Regex Number();

    [TestCaseSource(nameof(Cases))]
    public void SameSentencesAndNumbersInBothLanguages(string[] args)
    {
        var english = RunIn(UiLanguage.English, args);
        var chinese = RunIn(UiLanguage.Chinese, args);
        Assert.That(chinese.Takeaways.Select(c => c.Key), Is.EqualTo(english.Takeaways.Select(c => c.Key)));
        Type owner = LessonRegistry.Find(args[0])!.GetType();
        foreach (var (en, zh) in english.Takeaways.Zip(chinese.Takeaways))
        {
            Assert.That(Texts.Exact(owner, en.Key, UiLanguage.Chinese), Is.Not.Null, $"{en.Key} has no Chinese text");
            Assert.That(zh.Text, Does.Not.Match(@"\{\d+\}"), zh.Key);
            Assert.That(zh.Text, Does.Match(@"\p{IsCJKUnifiedIdeographs}"), zh.Key);
            var enNumbers = Filled(en.Text, owner, en.Key, UiLanguage.English);
            var zhNumbers = Filled(zh.Text, owner, zh.Key, UiLanguage.Chinese);
            // The same numbers filled in; their order follows each language's word order where the template writes them itself.
            Assert.That(zhNumbers.Order(StringComparer.Ordinal), Is.EqualTo(enNumbers.Order(StringComparer.Ordinal)), $"{en.Key}:\n  {en.Text}\n  {zh.Text}");
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    /// <summary>
    /// The numbers of a sentence, less its template's own literals (as ChineseRunTests reads them): “不到开始时的 1/{2}”
    /// writes a 1 that “more than {2} times smaller” does not (docs/glossary.md, multiples).
    /// </summary>
    private static List<string> Filled(string text, Type owner, string key, CultureInfo language)
    {
        var numbers = Number().Matches(text).Select(m => m.Value).ToList();
        string template = Texts.Exact(owner, key, language) ?? Texts.Get(owner, key, language);
        foreach (Match literal in Number().Matches(Regex.Replace(template, @"\{\d+(?:[,:][^}]*)?\}", " "))) numbers.Remove(literal.Value);
        return numbers;
    }

    /// <summary>The numbers a sentence is filled with come in the same order in both languages: the placeholders of each key.</summary>
    [TestCase(typeof(Chapter4.Lessons.LrSweepLesson))]
    [TestCase(typeof(Chapter4.Lessons.LrCompareLesson))]
    [TestCase(typeof(Chapter4.Lessons.LrScheduleLesson))]
    [TestCase(typeof(Chapter4.Lessons.GdVariantsLesson))]
    [TestCase(typeof(Chapter4.Lessons.EwmaLesson))]
    public void PlaceholdersComeInTheSameOrder(Type owner)
    {
        var keys = Texts.Keys(owner, CultureInfo.InvariantCulture); // the English .resx is the neutral one
        Assert.That(Texts.Keys(owner, UiLanguage.Chinese), Is.EqualTo(keys));
        foreach (string key in keys)
        {
            string en = Texts.Exact(owner, key, CultureInfo.InvariantCulture)!, zh = Texts.Exact(owner, key, UiLanguage.Chinese)!;
            Assert.That(Placeholder().Matches(zh).Select(m => m.Value), Is.EqualTo(Placeholder().Matches(en).Select(m => m.Value)), key);
        }
    }
}
