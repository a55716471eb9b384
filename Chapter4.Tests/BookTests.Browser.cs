using Chapter4.Harness;
using Chapter4.Tests.Support;
using NUnit.Framework;
using SkiaSharp;

namespace Chapter4.Tests;

/// <summary>The book in a real browser: Debian's chromium, headless, one launch for every check.</summary>
public partial class BookTests
{
    // ---- a real browser: Debian's chromium, headless, launched once for every check ----

    private HeadlessChromium? _browser;

    private async Task<HeadlessChromium> Browser() => _browser ??= await HeadlessChromium.LaunchAsync();

    [Test]
    public async Task ChromiumLoadsTheIndexAndEveryLessonLinkIsThere()
    {
        var tab = await (await Browser()).OpenAsync(new Uri(Path.Combine(_site, "index.html")).AbsoluteUri);
        using var index = Parser.ParseDocument(await tab.DomAsync());
        Assert.That(index.QuerySelectorAll(".outline a").Select(a => a.TextContent), Is.EqualTo(LessonRegistry.Ids));
        // The browser applied the stylesheet it found beside the page: the header of the book is there.
        Assert.That(index.QuerySelector("header.book h1")!.TextContent, Is.EqualTo("Chapter4"));
    }

    [TestCase("backprop-model")]
    [TestCase("loss-curves")]
    public async Task ChromiumRendersALessonPageWithItsOutputCodeAndPlots(string id)
    {
        var tab = await (await Browser()).OpenAsync(new Uri(Path.Combine(_site, id + ".html")).AbsoluteUri, 1400, 2400);
        using var page = Parser.ParseDocument(await tab.DomAsync());
        using var onDisk = Page(Path.Combine(_site, id + ".html"));
        Assert.That(page.QuerySelector("#output pre")!.TextContent, Is.EqualTo(onDisk.QuerySelector("#output pre")!.TextContent));
        Assert.That(page.QuerySelector("#output pre")!.TextContent, Is.Not.Empty);
        Assert.That(page.QuerySelector("#csharp code")!.TextContent, Is.Not.Empty);
        Assert.That(page.QuerySelector("#python code")!.TextContent, Is.Not.Empty);

        // The screenshot is not blank: many colours (text, highlighted code, plots), and not mostly one.
        using var bitmap = SKBitmap.Decode(await tab.ScreenshotAsync());
        Assert.That(bitmap, Is.Not.Null, "the screenshot is a PNG");
        var colours = new Dictionary<SKColor, int>();
        for (int y = 0; y < bitmap.Height; y += 3)
            for (int x = 0; x < bitmap.Width; x += 3)
                colours[bitmap.GetPixel(x, y)] = colours.GetValueOrDefault(bitmap.GetPixel(x, y)) + 1;
        int samples = colours.Values.Sum();
        TestContext.Out.WriteLine($"{id}: {bitmap.Width}×{bitmap.Height}, {colours.Count} colours, commonest {100.0 * colours.Values.Max() / samples:F1}%");
        Assert.That(colours, Has.Count.GreaterThan(50));
        Assert.That(colours.Values.Max(), Is.LessThan(0.97 * samples));
        await tab.CloseAsync();
    }
}

/// <summary>Issue 24: `book --lang zh-CN` builds a Chinese site, and Chromium renders its Chinese with real glyphs.</summary>
[TestFixture, Category("Browser")]
[TestOf(typeof(Chapter4.Book.BookText))]
public class ChineseBookTests
{
    [Test]
    public async Task AChineseBookIsChineseAndItsGlyphsAreReal()
    {
        string root = Directory.CreateTempSubdirectory("chapter4-book-zh-").FullName;
        try
        {
            string site = Path.Combine(root, "site");
            var (exit, _, stderr) = CliAssert.Run("book", "--lang", "zh-CN", "--only", "momentum,rmsprop", "--out", site);
            Assert.That(exit, Is.EqualTo(0), stderr);
            string html = File.ReadAllText(Path.Combine(site, "momentum.html"));
            var parser = new AngleSharp.Html.Parser.HtmlParser();
            using var page = parser.ParseDocument(html);
            Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("zh-CN"));
            var headings = page.QuerySelectorAll("h2").Select(h => h.TextContent).ToList();
            Assert.That(headings, Has.Some.Contains("输出").And.Some.Contains("课程勘误"));
            Assert.That(headings, Has.None.Contains("Output").And.None.Contains("Course errata"), "an English heading in the Chinese book");

            await using var browser = await HeadlessChromium.LaunchAsync();
            var tab = await browser.OpenAsync(new Uri(Path.Combine(site, "momentum.html")).AbsoluteUri, 1200, 1600);
            // Draw 学, 习 and a private-use character (no font has it: the missing-glyph box) in the font the page's
            // headings use. Real glyphs differ from each other and from the box; without a CJK font all three are boxes.
            const string script = """
                (() => {
                  const font = getComputedStyle(document.querySelector('h2')).fontFamily;
                  const draw = ch => { const c = document.createElement('canvas'); c.width = c.height = 48;
                    const g = c.getContext('2d'); g.font = '40px ' + font; g.fillStyle = '#000'; g.fillText(ch, 4, 40);
                    return Array.from(g.getImageData(0, 0, 48, 48).data).join(','); };
                  const xue = draw('\u5b66'), xi = draw('\u4e60'), box = draw('\ue000');
                  return JSON.stringify({ font, inked: xue.split(',').some(v => v !== '0'), distinct: xue !== xi, notBox: xue !== box && xi !== box });
                })()
                """;
            var result = System.Text.Json.Nodes.JsonNode.Parse((string)(await tab.EvaluateAsync(script))!)!;
            TestContext.Out.WriteLine($"Chinese page font: {result["font"]}");
            Skip.Unless(Chapter4.Plotting.CjkFont.Family is not null || Environment.GetEnvironmentVariable("CHAPTER4_REQUIRE_CJK_FONT") == "1",
                "no CJK font installed (Debian: apt install fonts-noto-cjk; .ci/run installs it)");
            Assert.That((bool)result["inked"]!, Is.True, "学 drew nothing");
            Assert.That((bool)result["distinct"]!, Is.True, "学 and 习 look the same: both are missing-glyph boxes");
            Assert.That((bool)result["notBox"]!, Is.True, "学 looks like the missing-glyph box");
            await tab.CloseAsync();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
