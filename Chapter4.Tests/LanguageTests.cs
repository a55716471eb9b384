using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.App;
using Chapter4.Language;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// The command line in English and in Chinese (issue 24, 1 and 7): --lang on every command, the environment's language
/// without it, one line and exit 2 for a language it does not speak, and Chinese words (never other numbers) in help,
/// list, errors and summaries.
/// </summary>
[TestOf(typeof(UiLanguage))]
public partial class LanguageTests
{
    private static string App => Path.Combine(AppContext.BaseDirectory, "Chapter4");

    /// <summary>The command line run in-process with this environment (LANG and friends), not the test process's.</summary>
    private static (int Exit, string Out, string Err) Run(Dictionary<string, string> environment, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(args, stdout, stderr, name => environment.GetValueOrDefault(name));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static readonly Dictionary<string, string> NoLocale = [];
    private static readonly Dictionary<string, string> ChineseLocale = new() { ["LANG"] = "zh_CN.UTF-8" };

    [TestCase("zh_CN.UTF-8", null, null, null, "zh-CN")]
    [TestCase("en_US.UTF-8", null, null, null, "en")]
    [TestCase("C.UTF-8", null, null, null, "en")]
    [TestCase(null, null, null, null, "en")]
    [TestCase("en_US.UTF-8", "zh_CN.UTF-8", null, null, "zh-CN")] // LC_ALL wins over LANG
    [TestCase("zh_CN.UTF-8", "C", null, null, "en")] // LC_ALL=C: the POSIX locale, English
    [TestCase("en_US.UTF-8", null, "zh_CN.GB2312", null, "zh-CN")] // LC_MESSAGES, the locale of messages
    [TestCase("en_US.UTF-8", null, null, "zh_CN:en", "zh-CN")] // GNU LANGUAGE, a preference list
    [TestCase("C", null, null, "zh_CN", "en")] // LANGUAGE is ignored under the C locale, as gettext does
    [TestCase("fr_FR.UTF-8", null, null, null, "en")] // a language we do not speak: English
    public void TheEnvironmentChoosesTheLanguage(string? lang, string? lcAll, string? lcMessages, string? language, string expected)
    {
        Skip.Unless(!OperatingSystem.IsWindows(), "on Windows the display language decides");
        var environment = new Dictionary<string, string?> { ["LANG"] = lang, ["LC_ALL"] = lcAll, ["LC_MESSAGES"] = lcMessages, ["LANGUAGE"] = language };
        Assert.That(UiLanguage.FromEnvironment(n => environment.GetValueOrDefault(n)).Name, Is.EqualTo(expected));
    }

    [Test]
    public void LangIsFoundWhereverItIsWritten()
    {
        Assert.Multiple(() =>
        {
            Assert.That(UiLanguage.Scan(["list", "--lang", "zh-CN"]).Culture, Is.EqualTo(UiLanguage.Chinese));
            Assert.That(UiLanguage.Scan(["--lang=zh-CN", "list"]).Culture, Is.EqualTo(UiLanguage.Chinese));
            Assert.That(UiLanguage.Scan(["list", "--lang:en"]).Culture, Is.EqualTo(UiLanguage.English));
            Assert.That(UiLanguage.Scan(["list", "--lang", "zh_CN"]).Culture, Is.EqualTo(UiLanguage.Chinese));
            Assert.That(UiLanguage.Scan(["--lang", "zh-CN", "list", "--lang", "en"]).Culture, Is.EqualTo(UiLanguage.English), "the last one");
            Assert.That(UiLanguage.Scan(["model", "--", "--lang", "zh-CN"]).Given, Is.False, "after -- it is a plain argument");
            Assert.That(UiLanguage.Scan(["list", "--lang"]), Is.EqualTo(new LangArgument(true, null, null)));
            Assert.That(UiLanguage.Scan(["list", "--lang", "--json"]).Value, Is.Null, "the next option is not a value");
            Assert.That(UiLanguage.Scan(["list", "--lang", "fr"]).Culture, Is.Null);
        });
    }

    [Test]
    public void LangChoosesTheWordsAndOverridesTheEnvironment()
    {
        var chinese = Run(ChineseLocale, "list");
        var english = Run(ChineseLocale, "list", "--lang", "en");
        var englishDefault = Run(NoLocale, "list");
        var chineseByLang = Run(NoLocale, "--lang", "zh-CN", "list");
        Assert.Multiple(() =>
        {
            Assert.That(chinese.Exit, Is.Zero, chinese.Err);
            Assert.That(chinese.Out, Does.Contain("源文件：Chapter4/Lessons/ModelLesson.cs").And.Contain("课程视图：snippets/1.1-model.cs"));
            Assert.That(chinese.Out, Does.Not.Contain("source: ").And.Not.Contain("course view: "));
            Assert.That(english.Out, Is.EqualTo(englishDefault.Out), "--lang en overrides LANG=zh_CN.UTF-8");
            Assert.That(english.Out, Does.Contain("source: Chapter4/Lessons/ModelLesson.cs"));
            Assert.That(chineseByLang.Out, Is.EqualTo(chinese.Out));
            // Words only: the same lessons, files and numbers, line for line.
            Assert.That(Sentences.Numbers(chinese.Out.Replace("exercises -- ", "", StringComparison.Ordinal)), Is.Not.Empty);
            Assert.That(LessonIds().Matches(chinese.Out).Select(m => m.Value), Is.EqualTo(LessonIds().Matches(english.Out).Select(m => m.Value)));
        });
    }

    /// <summary>list --json: the same keys and values in both languages, but "description", which is the lesson's in the UI language.</summary>
    [Test]
    public void ListJsonKeepsItsKeysAndTranslatesTheDescriptions()
    {
        JsonArray en = JsonNode.Parse(Run(NoLocale, "list", "--json").Out)!.AsArray();
        JsonArray zh = JsonNode.Parse(Run(ChineseLocale, "list", "--json").Out)!.AsArray();
        Assert.That(zh.Select(l => (string)l!["description"]!),
            Is.EqualTo(zh.Select(l => Texts.Exact(typeof(LessonTexts), LessonTexts.DescriptionKey((string)l!["id"]!), UiLanguage.Chinese))));
        foreach (JsonNode? l in en.Concat(zh)) l!.AsObject().Remove("description");
        Assert.That(JsonNode.DeepEquals(en, zh), Is.True);
    }

    [GeneratedRegex(@"Chapter4/Lessons/\w+\.cs|snippets/[\w.-]+\.(?:cs|py)|[\w-]+\.png")]
    private static partial Regex LessonIds();

    /// <summary>Every command takes --lang and shows its help in Chinese with it, the library's own headings included.</summary>
    [TestCase("list")]
    [TestCase("all")]
    [TestCase("book")]
    [TestCase("bench")]
    [TestCase("errata")]
    [TestCase("momentum")]
    [TestCase("help")]
    [TestCaseSource(typeof(ChineseRunTests), nameof(ChineseRunTests.Lessons))]
    public void EveryCommandTakesLang(string command)
    {
        var r = Run(NoLocale, command, "--help", "--lang", "zh-CN");
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.Zero, r.Err);
            Assert.That(r.Out, Does.Contain("用法:").And.Contain("选项:").And.Contain("--lang <en|zh-CN>").And.Contain("显示帮助和用法"));
            Assert.That(r.Out, Does.Not.Contain("Usage:").And.Not.Contain("Description:").And.Not.Contain("[default: ").And.Not.Contain("Show help"));
            // No English clause in any line (errata's --json help was English once); option names and JSON keys are not words.
            var english = r.Out.Split('\n').Where(l => Sentences.EnglishRun(l) is not null).ToList();
            Assert.That(english, Is.Empty, "English in the Chinese help");
        });
        var english = Run(NoLocale, command, "--help", "--lang", "en");
        Assert.That(english.Out, Does.Contain("Usage:").And.Contain("--lang <en|zh-CN>"));
    }

    [TestCase("--lang", "fr", "list")]
    [TestCase("list", "--lang=xx")]
    [TestCase("list", "--lang")]
    [TestCase("--lang")]
    [TestCase("momentum", "--lang", "", "--no-plots")]
    [TestCase("all", "--lang", "--json")]
    public void AnInvalidLangIsOneLineAndExit2(params string[] args)
    {
        foreach (var environment in new[] { NoLocale, ChineseLocale })
        {
            var r = Run(environment, args);
            Assert.Multiple(() =>
            {
                Assert.That(r.Exit, Is.EqualTo(2), r.Err);
                Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
                Assert.That(r.Err, Does.Contain("--lang").And.Contain("en|zh-CN"));
                Assert.That(r.Out, Is.Empty);
            });
        }
    }

    /// <summary>A response file may carry --lang (then it is given once: with another on the command line, that is an option given twice).</summary>
    [Test]
    public void AResponseFileMayChooseTheLanguage()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["--lang", "zh-CN"]);
            Assert.That(Run(NoLocale, "list", "@" + file).Out, Does.Contain("源文件："));
            var twice = Run(NoLocale, "list", "@" + file, "--lang", "en");
            Assert.That(twice.Exit, Is.EqualTo(2));
            Assert.That(twice.Err, Is.EqualTo("error: --lang given twice; give each option once\n"), "in the command line's language");
            File.WriteAllLines(file, ["--lang", "klingon"]);
            var bad = Run(NoLocale, "list", "@" + file);
            Assert.That(bad.Exit, Is.EqualTo(2));
            Assert.That(bad.Err, Does.Contain("klingon").And.Contain("en|zh-CN"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The command line's errors in Chinese: still one line, still exit 2, the user's text echoed as typed, no English clause.</summary>
    [TestCase("没有名为 'modle' 的讲解或命令；你是想输入 'model' 吗？", "modle")]
    [TestCase("'model' 没有选项 '--sed'；你是想输入 '--seed' 吗？", "model", "--sed", "3")]
    [TestCase("--alpha 2 超出范围：应为在 0 到 1 之间的数值", "rmsprop", "--alpha", "2")]
    [TestCase("--steps：'many' 无效；应为在 1 到 100000 之间的整数", "momentum", "--steps", "many")]
    [TestCase("--lr 1e999 超出了 float32 的有限范围", "momentum", "--lr", "1e999")]
    [TestCase("--seed：'minus-one' 无效；应为 0 到 9223372036854775807 之间的整数", "model", "--seed", "minus-one")]
    [TestCase("--device：'tpu' 无效；可选 auto|cpu|cuda", "model", "--device", "tpu")]
    [TestCase("--seed 需要一个值", "model", "--seed", "--no-plots")]
    [TestCase("--seed 需要一个值", "model", "--seed")] // last on the line: once the library's own "选项缺少所需参数: '--seed'."
    [TestCase("'--seed' 必须写在命令之后", "--seed", "3", "model")]
    [TestCase("--full 要和 --source 一起用", "momentum", "--full")]
    [TestCase("'list' 没有选项 '--seed'", "list", "--seed", "1")]
    [TestCase("help：没有名为 'nothing' 的讲解或命令", "help", "nothing")]
    [TestCase("--only：没有名为 'nope' 的讲解", "all", "--only", "nope")]
    [TestCase("--set：'adam' 无效；格式为 LESSON:KNOB=VALUE", "book", "--set", "adam")]
    [TestCase("讲解 'adam' 没有选项 '--gamma'", "book", "--set", "adam:gamma=1", "--only", "adam")]
    [TestCase("--workload：没有名为 'w9' 的负载", "bench", "--workload", "w9")]
    public void ErrorsAreChineseInChinese(string expected, params string[] args)
    {
        var r = Run(ChineseLocale, args);
        Assert.Multiple(() =>
        {
            Assert.That(r.Exit, Is.EqualTo(2), r.Err);
            Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), r.Err);
            Assert.That(r.Err, Does.StartWith("错误：").And.Contain(expected));
            Assert.That(Sentences.EnglishRun(r.Err), Is.Null, r.Err);
            Assert.That(r.Out, Is.Empty);
        });
    }

    [Test]
    public void ANotWritablePlotsFolderIsSaidInChinese()
    {
        string file = Path.GetTempFileName();
        try
        {
            var r = Run(ChineseLocale, "all", "--json", "--plots-dir", Path.Combine(file, "plots"));
            Assert.Multiple(() =>
            {
                Assert.That(r.Exit, Is.EqualTo(2));
                Assert.That(r.Err, Does.StartWith("错误：").And.Contain("不可写").And.Contain("--no-plots"));
                Assert.That(r.Out, Is.Empty);
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>`all` ends with its summary line on stderr, in Chinese in Chinese, with the same counts.</summary>
    [Test]
    public void TheSummaryOfAllIsTranslated()
    {
        var zh = Run(ChineseLocale, "all", "--only", "rmsprop,momentum", "--no-plots");
        var en = Run(NoLocale, "all", "--only", "rmsprop,momentum", "--no-plots");
        Assert.Multiple(() =>
        {
            Assert.That(zh.Exit, Is.Zero, zh.Err);
            Assert.That(zh.Err.TrimEnd('\n').Split('\n')[^1], Does.Match(@"^all：2 个讲解，0 个失败，用时 \d+\.\d 秒$"));
            Assert.That(en.Err.TrimEnd('\n').Split('\n')[^1], Does.Match(@"^all: 2 lessons, 0 failed, \d+\.\d s$"));
            Assert.That(zh.Out, Does.Contain("===== rmsprop · 3.3.5 RMSProp =====").And.Not.Contain("(RMSProp) ====="));
        });
    }

    /// <summary>
    /// The --json of a lesson is the same in both languages but for the words of its take-aways (and the numbers in those words
    /// are the same, as a multiset): keys, results, seeds and every number. rmsprop speaks through .resx today.
    /// </summary>
    [Test]
    public void TheJsonOfALessonIsTheSameButForItsWords()
    {
        var en = Run(NoLocale, "rmsprop", "--json", "--no-plots", "--lang", "en");
        var zh = Run(NoLocale, "rmsprop", "--json", "--no-plots", "--lang", "zh-CN");
        Assert.That(en.Exit, Is.Zero, en.Err);
        Assert.That(zh.Exit, Is.Zero, zh.Err);
        JsonNode a = JsonNode.Parse(en.Out)!, b = JsonNode.Parse(zh.Out)!;
        var textsA = a["takeaways"]!.AsArray().Select(t => (string)t!["text"]!).ToList();
        var textsB = b["takeaways"]!.AsArray().Select(t => (string)t!["text"]!).ToList();
        Assert.That(textsB, Is.Not.Empty);
        Assert.That(textsB, Has.All.Matches<string>(Sentences.HasChinese), "the take-aways are Chinese");
        // The same numbers as a multiset, as ChineseRunTests reads them: Chinese may order them otherwise, and a template may
        // hold its own literals ("缩小到原来的 1/{0}").
        Type owner = typeof(Chapter4.Lessons.RmsPropLesson);
        for (int i = 0; i < textsA.Count; i++)
        {
            string key = (string)a["takeaways"]![i]!["key"]!;
            Assert.That(ChineseRunTests.Filled(textsB[i], owner, key, UiLanguage.Chinese), Is.EqualTo(ChineseRunTests.Filled(textsA[i], owner, key, UiLanguage.English)),
                $"take-away {i}:\n  {textsA[i]}\n  {textsB[i]}");
        }
        foreach (JsonNode? t in a["takeaways"]!.AsArray().Concat(b["takeaways"]!.AsArray())) t!.AsObject().Remove("text");
        Assert.That(JsonNode.DeepEquals(a, b), Is.True, "everything but the take-aways' text");
    }

    /// <summary>
    /// A child process, as a learner runs it: LANG=zh_CN.UTF-8 gives Chinese help and list; --lang en gives the English that
    /// the in-process command line gives; LC_ALL=C wins over LANG.
    /// </summary>
    [Test]
    public void AChildProcessFollowsLang()
    {
        string list = Child(new() { ["LANG"] = "zh_CN.UTF-8" }, "list");
        string help = Child(new() { ["LANG"] = "zh_CN.UTF-8" }, "--help");
        string english = Child(new() { ["LANG"] = "zh_CN.UTF-8" }, "list", "--lang", "en");
        string posix = Child(new() { ["LANG"] = "zh_CN.UTF-8", ["LC_ALL"] = "C" }, "list");
        Assert.Multiple(() =>
        {
            Assert.That(list, Does.Contain("源文件：").And.Contain("1.1 构建神经网络模型\n").And.Not.Contain("Building a neural network model"));
            Assert.That(help, Does.Contain("说明：").And.Contain("用法:").And.Contain("按课程顺序运行所有讲解"));
            Assert.That(english, Is.EqualTo(Run(NoLocale, "list").Out));
            Assert.That(posix, Is.EqualTo(english));
        });
    }

    private static string Child(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(App, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string name in new[] { "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE" }) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.That(p.WaitForExit(60_000), Is.True, "the app did not finish");
        Assert.That(p.ExitCode, Is.Zero, stderr);
        return stdout.Result;
    }
}
