using System.Text.RegularExpressions;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Every one-line error in both languages (issue 24, 2: "lesson errors (one line, same exit codes)"). Each case runs the
/// command line in-process twice, with --lang en and with --lang zh-CN, and checks that the choice changes words only:
/// the same exit code, one line each, the same numbers (as a multiset: Chinese may put them in another order), and a
/// Chinese line that is Chinese (no run of three English words outside quotes and `code`; option names, lesson ids,
/// file paths and names such as float32 or CrossEntropyLoss are not words in a row). The cases live in the partial
/// files beside this one, by the part of the program that says them.
/// </summary>
[NonParallelizable] // in-process runs switch this process's UI language
public partial class ChineseErrorTests
{
    /// <summary>Both languages' runs of <paramref name="args"/> (plus --no-plots unless given); returns (en, zh) stderr lines.</summary>
    internal static (string En, string Zh) SaidInBoth(int exit, params string[] args)
    {
        string[] common = args.Contains("--no-plots") || args.Contains("--plots-dir") || !LooksLikeALesson(args) ? args : [.. args, "--no-plots"];
        var en = CliAssert.Run([.. common, "--lang", "en"]);
        var zh = CliAssert.Run([.. common, "--lang", "zh-CN"]);
        string shown = string.Join(' ', common);
        Assert.That(en.Exit, Is.EqualTo(exit), $"{shown} (en): {en.Err}");
        Assert.That(zh.Exit, Is.EqualTo(exit), $"{shown} (zh-CN): {zh.Err}");
        string enLine = OneLine(en.Err, shown + " (en)"), zhLine = OneLine(zh.Err, shown + " (zh-CN)");
        Assert.Multiple(() =>
        {
            Assert.That(enLine, Does.StartWith("error: "), shown);
            Assert.That(zhLine, Does.StartWith("错误："), shown);
            Assert.That(Sentences.HasChinese(zhLine[3..]), Is.True, $"{shown}: no Chinese after the prefix:\n  {zhLine}");
            Assert.That(Sentences.EnglishRun(zhLine, words: 3), Is.Null, $"{shown}: English in the Chinese line:\n  {zhLine}");
            Assert.That(Numbers(zhLine), Is.EqualTo(Numbers(enLine)), $"{shown}: other numbers\n  en: {enLine}\n  zh: {zhLine}");
            Assert.That(zh.Out, Is.EqualTo(en.Out), $"{shown}: what was printed before the error differs (the course's prints are never translated)");
        });
        return (enLine, zhLine);
    }

    private static string OneLine(string stderr, string shown)
    {
        // A lesson's progress and notes go to stdout; stderr holds the error and, for a plot, maybe the missing-font notice.
        string[] lines = stderr.TrimEnd('\n').Split('\n').Where(l => !l.StartsWith("注意：", StringComparison.Ordinal) && !l.StartsWith("note:", StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), $"{shown}: not one line:\n{stderr}");
        Assert.That(stderr, Does.Not.Contain("   at "), $"{shown}: a stack trace");
        return lines[0];
    }

    private static List<double> Numbers(string line)
    {
        var numbers = Sentences.Numbers(Regex.Replace(line, @"'[^'\n]*'", " ")).ToList();
        numbers.Sort();
        return numbers;
    }

    private static bool LooksLikeALesson(string[] args) =>
        args.Length > 0 && args[0] is not ("list" or "book" or "bench" or "errata" or "help" or "--help");

    /// <summary>The knobs' own checks (RunTexts), translated since the first round of issue 24.</summary>
    [TestCase("momentum", "--lr", "-1")]
    [TestCase("momentum", "--lr", "abc")]
    [TestCase("momentum", "--steps", "100000000")]
    [TestCase("adam", "--betas", "0.9")]
    [TestCase("book", "--out", "/nonexistent-chapter4/site", "--set", "momentum:lr=0.1", "--set", "adam:lr=-1")]
    public void AKnobsRefusal(params string[] args) => SaidInBoth(2, args);

    /// <summary>An option that took the next option as its value says it needs one (it once said "'book' takes no argument '1'").</summary>
    [TestCase("--lr needs a value", "momentum", "--lr", "--json", "1")]
    [TestCase("--out needs a folder", "book", "--out", "--seed", "1")]
    [TestCase("--scale needs a value", "bench", "--scale", "--json")]
    [TestCase("--set needs a value", "book", "--set", "adam:lr=0.1", "--set", "--seed", "1")]
    [TestCase("--only needs a value", "all", "--only", "--seed", "1")]
    public void AnOptionThatTookTheNextOptionNeedsAValue(string english, params string[] args)
    {
        var (en, _) = SaidInBoth(2, args);
        Assert.That(en, Is.EqualTo("error: " + english));
    }

    /// <summary>An option last on the line with no value: our words, not the library's "Required argument missing for option: '--lr'.".</summary>
    [TestCase("momentum", "--lr", "--lr 需要一个值")]
    [TestCase("model", "--weights", "--weights 需要一个值")]
    [TestCase("bench", "--scale", "--scale 需要一个值")]
    public void AnOptionLastOnTheLineNeedsAValue(string command, string option, string chinese)
    {
        var en = CliAssert.Run("--lang", "en", command, option);
        var zh = CliAssert.Run("--lang", "zh-CN", command, option);
        Assert.That((en.Exit, en.Err), Is.EqualTo((2, $"error: {option} needs a value\n")));
        Assert.That((zh.Exit, zh.Err), Is.EqualTo((2, $"错误：{chinese}\n")));
    }

    /// <summary>A rate that --gamma &gt; 1 grew until training diverged: the advice names --gamma, not --lr.</summary>
    [TestCase("lr-exponential", "--gamma", "1.5", "--epochs", "100")]
    [TestCase("lr-step", "--gamma", "1.5", "--epochs", "10000")]
    public void AGrowingScheduleAdvisesASmallerGamma(params string[] args)
    {
        var (en, zh) = FailedInBoth(1, [.. args, "--no-plots"]);
        Assert.That(en, Does.EndWith("; try a smaller --gamma"));
        Assert.That(zh, Does.Contain("--gamma").And.Not.Contain("--lr"));
    }

    /// <summary>
    /// As <see cref="SaidInBoth"/> for a lesson that fails after it has run: what it printed before the error holds its
    /// take-aways, which are translated, so only the error line is compared.
    /// </summary>
    internal static (string En, string Zh) FailedInBoth(int exit, params string[] args)
    {
        var en = CliAssert.Run([.. args, "--lang", "en"]);
        var zh = CliAssert.Run([.. args, "--lang", "zh-CN"]);
        string shown = string.Join(' ', args);
        Assert.That((en.Exit, zh.Exit), Is.EqualTo((exit, exit)), $"{shown}:\n{en.Err}\n{zh.Err}");
        string enLine = OneLine(en.Err, shown + " (en)"), zhLine = OneLine(zh.Err, shown + " (zh-CN)");
        Assert.Multiple(() =>
        {
            Assert.That(enLine, Does.StartWith("error: "), shown);
            Assert.That(zhLine, Does.StartWith("错误："), shown);
            Assert.That(Sentences.EnglishRun(zhLine, words: 3), Is.Null, $"{shown}: English in the Chinese line:\n  {zhLine}");
            Assert.That(Numbers(zhLine), Is.EqualTo(Numbers(enLine)), $"{shown}: other numbers\n  en: {enLine}\n  zh: {zhLine}");
        });
        return Shown((enLine, zhLine));
    }

    /// <summary>An option with no lesson before it is said to be an option (it was "no lesson or command named '--lr'").</summary>
    [TestCase("--lr", "0.1")]
    [TestCase("--bogus")]
    public void AnOptionBeforeAnyLessonIsSaidToBeAnOption(params string[] args)
    {
        var (en, zh) = SaidInBoth(2, args);
        Assert.That(en, Does.StartWith($"error: '{args[0]}' is an option, and options come after a lesson or command"));
        Assert.That(zh, Does.StartWith($"错误：'{args[0]}' 是选项"));
    }

    /// <summary>A long echo is cut, and says how long it was in the line's language.</summary>
    [Test]
    public void ACutEchoSaysItsLengthInBothLanguages()
    {
        var (en, zh) = SaidInBoth(2, "momentum", "--lr", new string('7', 5000) + "x");
        Assert.That(en, Does.Contain("… (5,001 characters)"));
        Assert.That(zh, Does.Contain("……（共 5,001 个字符）"));
    }

    /// <summary>The checker itself, on lines whose answer is known.</summary>
    [Test]
    public void AnUntranslatedErrorIsCaught()
    {
        Assert.That(Sentences.EnglishRun("错误：--device cuda: CUDA is not available (this build uses TorchSharp-cpu)", words: 3), Is.Not.Null);
        Assert.That(Sentences.EnglishRun("错误：model：--weights '/x/does not exist' 不存在", words: 3), Is.Null);
        Assert.That(Sentences.EnglishRun("错误：CrossEntropyLoss：类别索引 5 超出了 3 个类别的范围（0..2）", words: 3), Is.Null);
    }
}
