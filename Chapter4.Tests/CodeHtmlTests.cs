using AngleSharp.Html.Parser;
using Chapter4.Book;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>The book's highlighter: every string is one span, whatever its holes hold (code-review-3, finding 9).</summary>
[TestOf(typeof(CodeHtml))]
public class CodeHtmlTests
{
    private static List<string> Spans(string html, string css) =>
        new HtmlParser().ParseDocument("<pre>" + html + "</pre>").QuerySelectorAll($"span.{css}").Select(e => e.TextContent).ToList();

    [Test]
    public void AnInterpolatedStringWithAStringInItsHoleIsOneString()
    {
        // The review's line, from the old RegressionLossLessons.cs: the old tokenizer ended the string at the quote of ", ".
        const string Line = """(atZero.Count > 0 ? $". Where the error is exactly 0 PyTorch gives {string.Join(", ", atZero)} (MAE's convention is 0; e/beta is undefined)." : ".");""";
        Assert.That(Spans(CodeHtml.CSharp(Line), "str"), Is.EqualTo(new[]
        {
            """$". Where the error is exactly 0 PyTorch gives {string.Join(", ", atZero)} (MAE's convention is 0; e/beta is undefined)." """.TrimEnd(),
            "\".\"",
        }));
        Assert.That(Spans(CodeHtml.CSharp(Line), "kw"), Is.Empty, "no keyword is found inside the string");
    }

    [TestCase("var s = $\"{a} and {{b}}\";", "$\"{a} and {{b}}\"")]
    [TestCase("var s = $\"x {f(\"y\")} z\";", "$\"x {f(\"y\")} z\"")]
    [TestCase("var s = \"plain \\\" quote\";", "\"plain \\\" quote\"")]
    public void StringsEndAtTheirOwnQuote(string code, string expected) =>
        Assert.That(Spans(CodeHtml.CSharp(code), "str"), Is.EqualTo(new[] { expected }));

    [Test]
    public void TheHighlightedTextIsTheCodeItself()
    {
        string code = File.ReadAllText(Path.Combine(Chapter4.Files.Repository.FindRoot(AppContext.BaseDirectory)!, "Chapter4/Lessons/SmoothL1LossLesson.cs"));
        Assert.That(new HtmlParser().ParseDocument("<pre>" + CodeHtml.CSharp(code) + "</pre>").QuerySelector("pre")!.TextContent, Is.EqualTo(code));
    }
}
