using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Chapter4.Course;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Language;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every .resx pair of the program is whole (issue 24, 7): each English file (the neutral resources) has a zh-CN
/// satellite with exactly its keys and, per key, the same placeholders; every key the code asks for exists; and the
/// English of LessonTexts is the code's English, so a description or a knob's help changed in code cannot leave its
/// Chinese behind unnoticed.
/// </summary>
[TestOf(typeof(Texts))]
public partial class ResourceTests
{
    private static readonly System.Reflection.Assembly Program = typeof(Texts).Assembly;

    /// <summary>Every .resources the program embeds (one per neutral .resx), by base name.</summary>
    public static IEnumerable<string> ResourceFiles() =>
        Program.GetManifestResourceNames().Where(n => n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length]).Order(StringComparer.Ordinal);

    [Test]
    public void TheProgramHasItsResourceFiles() =>
        Assert.That(ResourceFiles(), Is.SupersetOf(new[]
        {
            "Chapter4.Language.CliTexts", "Chapter4.Language.RunTexts", "Chapter4.Language.LessonTexts", "Chapter4.Lessons.RmsPropLesson",
        }));

    [TestCaseSource(nameof(ResourceFiles))]
    public void TheChineseFileHasExactlyTheEnglishKeysWithTheSamePlaceholders(string baseName)
    {
        var manager = new ResourceManager(baseName, Program);
        var english = Entries(manager, CultureInfo.InvariantCulture);
        var chinese = Entries(manager, UiLanguage.Chinese);
        Assert.That(english, Is.Not.Null.And.Not.Empty, "the English (neutral) file");
        Assert.That(chinese, Is.Not.Null, $"no zh-CN satellite for {baseName}: add {baseName.Split('.')[^1]}.zh-CN.resx beside its .resx");
        Assert.Multiple(() =>
        {
            Assert.That(english!.Keys.Except(chinese!.Keys).Order(), Is.Empty, "keys missing in Chinese");
            Assert.That(chinese.Keys.Except(english.Keys).Order(), Is.Empty, "keys in Chinese only");
            foreach (var (key, en) in english)
            {
                if (!chinese.TryGetValue(key, out string? zh)) continue;
                Assert.That(Placeholders(zh), Is.EqualTo(Placeholders(en)), $"{baseName} '{key}': the placeholders of\n  en: {en}\n  zh: {zh}");
                Assert.That(zh, Is.Not.Empty, $"{baseName} '{key}' is empty in Chinese");
                // A template (one with {0}) must be a valid format string in both languages: an unescaped brace throws at run time.
                if (Placeholders(en).Count > 0)
                {
                    object[] args = Enumerable.Repeat<object>(1.5, 20).ToArray();
                    Assert.DoesNotThrow(() => string.Format(CultureInfo.InvariantCulture, en, args), $"{baseName} '{key}' (en) is not a valid format string");
                    Assert.DoesNotThrow(() => string.Format(CultureInfo.InvariantCulture, zh, args), $"{baseName} '{key}' (zh-CN) is not a valid format string");
                }
            }
        });
    }

    /// <summary>
    /// Every key the command line and the harness ask CliTexts and RunTexts for (read from the source) is in the English file,
    /// so no command can fail with a missing resource; the keys built at run time are listed by hand.
    /// </summary>
    [Test]
    public void EveryKeyTheCodeAsksForExists()
    {
        string root = Path.Combine(Repository.FindRoot(AppContext.BaseDirectory)!, "Chapter4");
        var asked = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => AskedKey().Matches(File.ReadAllText(f)).Select(m => (Owner: m.Groups["owner"].Value, Key: m.Groups["key"].Value, File: Path.GetFileName(f))))
            .Concat(new[] { "interrupted.lessons", "interrupted.lessons.during", "interrupted.workloads", "interrupted.workloads.during" }.Select(k => (Owner: "CliTexts", Key: k, File: "ConsoleRuns.cs")))
            .ToList();
        Assert.That(asked.Count, Is.GreaterThan(80), "the scan finds the keys");
        Assert.Multiple(() =>
        {
            foreach (var (owner, key, file) in asked)
            {
                Type type = owner == "CliTexts" ? typeof(CliTexts) : typeof(RunTexts);
                Assert.That(Texts.Exact(type, key, CultureInfo.InvariantCulture), Is.Not.Null, $"{file} asks {owner} for '{key}', which {owner}.resx does not have");
            }
        });
    }

    [GeneratedRegex(@"\b(?<owner>CliTexts|RunTexts)\.(?:Get|Format)\(""(?<key>[^""]+)""")]
    private static partial Regex AskedKey();

    /// <summary>
    /// LessonTexts.resx holds, in English, exactly what the code says: every lesson's Description and every knob's help, and the
    /// course outline's notes; so LessonTexts.zh-CN.resx translates the current English. On a mismatch the message lists the
    /// lines to write (key = English), to add and translate.
    /// </summary>
    [Test]
    public void TheLessonTextsAreTheCodesEnglish()
    {
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Lesson lesson in LessonRegistry.All())
        {
            expected[LessonTexts.DescriptionKey(lesson.Id)] = lesson.Description;
            foreach (KnobInfo knob in Knobs.Of(lesson.GetType())) expected[LessonTexts.KnobKey(lesson.Id, knob.Name)] = knob.Help;
        }
        foreach (CourseSection section in CourseOutline.Sections.Where(s => s.Note is not null))
            expected[LessonTexts.SectionNoteKey(section.Number)] = section.Note!;
        var english = Entries(new ResourceManager(typeof(LessonTexts).FullName!, Program), CultureInfo.InvariantCulture)!;
        var stale = expected.Where(e => !english.TryGetValue(e.Key, out string? text) || text != e.Value).Select(e => $"{e.Key} = {e.Value}").ToList();
        var extra = english.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(stale, Is.Empty, "new or changed English in code: write these into Chapter4/Language/LessonTexts.resx, and their Chinese into LessonTexts.zh-CN.resx:\n" + string.Join("\n", stale));
            Assert.That(extra, Is.Empty, "keys of lessons, knobs or notes the code no longer has: remove them from both LessonTexts files");
        });
    }

    /// <summary>In Chinese the texts are the translations; in English the code's own strings.</summary>
    [Test]
    public void LessonTextsFollowTheUiLanguage()
    {
        Lesson momentum = LessonRegistry.Find("momentum")!;
        string en = CjkPlotTests.InLanguage(UiLanguage.English, () => LessonTexts.Description("momentum", momentum.Description));
        string zh = CjkPlotTests.InChinese(() => LessonTexts.Description("momentum", momentum.Description));
        Assert.That(en, Is.EqualTo(momentum.Description));
        Assert.That(zh, Is.EqualTo("optim.SGD([w], lr=0.01, momentum=0.9) 作用于 loss = w²/2，两步"));
        // A key with no Chinese yet falls back to the code's English rather than failing.
        Assert.That(CjkPlotTests.InChinese(() => LessonTexts.KnobHelp("momentum", "no-such-knob", "its help")), Is.EqualTo("its help"));
    }

    /// <summary>The numbers of {0}, {1:F1}, {2,-8} in a template ({{ and }} are literal braces).</summary>
    private static List<int> Placeholders(string text) =>
        PlaceholderPattern().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToList();

    [GeneratedRegex(@"\{(\d+)(?:,-?\d+)?(?::[^}]*)?\}")]
    private static partial Regex PlaceholderPattern();

    /// <summary>One culture's own entries (no fallback), or null when that culture has no file.</summary>
    private static Dictionary<string, string>? Entries(ResourceManager manager, CultureInfo culture)
    {
        ResourceSet? set;
        try
        {
            set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
        return set?.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }
}
