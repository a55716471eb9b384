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
