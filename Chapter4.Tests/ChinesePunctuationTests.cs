using System.Text.RegularExpressions;
using System.Xml.Linq;
using Chapter4.Files;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Chinese prose uses full-width punctuation (docs/glossary.md, "Conventions"): a comma, semicolon or colon that ends a
/// clause is ，；： even when it follows a formula, a number or a placeholder (<c>{1}，低于</c>, <c>[{0}]：只要</c>), and a
/// quotation is in “”. Code and formulas keep ASCII: <c>betas=(0.9, 0.99)</c>, <c>(0, 1)</c>, <c>[1.0, 2.0]</c> are left
/// alone, since their commas are followed by an ASCII token, not by a Chinese character.
/// <para>
/// The files are read from the repository (the folder holding Chapter4.sln), not from the satellite assembly: a failure
/// then names the file and the key to fix, and a file is checked as it is written, before any build merges or drops it.
/// </para>
/// </summary>
[TestOf("the zh-CN .resx files")]
public partial class ChinesePunctuationTests
{
    /// <summary>
    /// Every *.zh-CN.resx in the repository, found by globbing (bin and obj aside), so a new file is checked the day it
    /// is added; paths are relative to the repository's root, with '/' separators.
    /// </summary>
    public static IEnumerable<string> Files()
    {
        string root = Root;
        return Directory.EnumerateFiles(root, "*.zh-CN.resx", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "bin" or "obj" or ".git"))
            .Order(StringComparer.Ordinal);
    }

    [Test]
    public void TheGlobFindsTheChineseFiles()
    {
        var files = Files().ToList();
        Assert.That(files, Does.Contain("Chapter4/Book/BookText.zh-CN.resx"));
        Assert.That(files, Does.Contain("Chapter4/Lessons/LrSweepLesson.zh-CN.resx"));
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(39));
    }

    private static string Root => Repository.FindRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no Chapter4.sln above " + AppContext.BaseDirectory);

    /// <summary>What is wrong with one Chinese value, or null when nothing is.</summary>
    public static string? Problem(string text)
    {
        if (HalfWidthBeforeChinese().Match(text) is { Success: true } a) return $"half-width '{a.Value[0]}' before Chinese: …{Around(text, a.Index)}…";
        if (HalfWidthAfterChinese().Match(text) is { Success: true } b) return $"half-width '{b.Value[^1]}' after Chinese: …{Around(text, b.Index)}…";
        if (AsciiQuotedChinese().Match(text) is { Success: true } c) return $"ASCII quotes around Chinese (use “”): {c.Value}";
        if (SpaceAfterFullWidth().Match(text) is { Success: true } d) return $"space after full-width '{d.Value[0]}': …{Around(text, d.Index)}…";
        return null;
    }

    private static string Around(string text, int index) => text[Math.Max(0, index - 12)..Math.Min(text.Length, index + 12)];

    [TestCaseSource(nameof(Files))]
    public void ChineseProseUsesFullWidthPunctuation(string file)
    {
        string path = Path.Combine(Root, file);
        Assert.That(File.Exists(path), path);
        var problems = XDocument.Load(path).Root!.Elements("data")
            .Select(d => (Key: (string)d.Attribute("name")!, Problem: Problem((string?)d.Element("value") ?? "")))
            .Where(x => x.Problem is not null)
            .Select(x => $"'{x.Key}': {x.Problem}")
            .ToList();
        Assert.That(problems, Is.Empty, $"{file}: {problems.Count} values");
    }

    [TestCase("S_1 = {1}, 低于 Y_1")]
    [TestCase("梯度是 sign(e)/n (n = {1}): [{0}]: 只要误差不为 0")]
    [TestCase("k 天前的权重是 (1−β)·β^k; 越大越平滑")]
    [TestCase("公式后面, 接着说")]
    [TestCase("课程说 train() \"进行模型训练\"")]
    [TestCase("（偏置为 0） 的神经元")]
    [TestCase("损失从未上升，{2} → {3}； w 变号")]
    public void TheRuleCatchesHalfWidthChinesePunctuation(string text) => Assert.That(Problem(text), Is.Not.Null);

    [TestCase("Adam 的 betas=(0.9, 0.99)，PyTorch 默认为 (0.9, 0.999)")]
    [TestCase("全都在 (0, 1) 之内，y_pred [1.0, 2.0] 与 [{0}, {1}]")]
    [TestCase("β = {0}：S_1 = {1}，低于 Y_1 = {2}：S_0 = 0 把最初的平均值拉向 0；偏差修正后")]
    [TestCase("课程说学习率衰减可以“避免过拟合”")]
    [TestCase("照原样运行会报 `NameError: name 'summary' is not defined`")]
    [TestCase("optimizer.state[w]: m = exp_avg = [{0}]")]
    public void TheRulePassesFullWidthProseAndAsciiFormulas(string text) => Assert.That(Problem(text), Is.Null);

    // CJK Unified Ideographs, as Sentences.HasChinese reads them.
    [GeneratedRegex(@"[,;:] [\u4E00-\u9FFF]")]
    private static partial Regex HalfWidthBeforeChinese();

    [GeneratedRegex(@"[\u4E00-\u9FFF][,;:]")]
    private static partial Regex HalfWidthAfterChinese();

    [GeneratedRegex(@"""[^""\n]*[\u4E00-\u9FFF][^""\n]*""")]
    private static partial Regex AsciiQuotedChinese();

    // A full-width mark carries its own spacing: '（偏置为 0）的', not '（偏置为 0） 的'.
    [GeneratedRegex(@"[，。：；、）“”] +\S")]
    private static partial Regex SpaceAfterFullWidth();
}
