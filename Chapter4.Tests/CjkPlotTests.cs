using Chapter4.Language;
using Chapter4.Plotting;
using Chapter4.Tests.Support;
using NUnit.Framework;
using ScottPlot;
using SkiaSharp;

namespace Chapter4.Tests;

/// <summary>
/// Plots in Chinese (issue 24): a CJK font is found by what it renders, every word of a zh-CN plot is drawn with it, and
/// the glyphs are real glyphs, not the .notdef box ("tofu"). .ci/run installs fonts-noto-cjk; without a CJK font these
/// tests are skipped and say which package brings one.
/// </summary>
[TestOf(typeof(CjkFont))]
[NonParallelizable] // they switch this process's UI language
public class CjkPlotTests
{
    private const string NoFont = "no installed font has CJK glyphs: apt-get install fonts-noto-cjk (.ci/run installs it)";

    /// <summary>Skipped without a CJK font, except where one is promised (.ci/run sets CHAPTER4_REQUIRE_CJK_FONT=1): there it fails.</summary>
    private static void NeedsFont()
    {
        if (CjkFont.Family is not null) return;
        if (Environment.GetEnvironmentVariable("CHAPTER4_REQUIRE_CJK_FONT") == "1") Assert.Fail(NoFont);
        Skip.Unless(false, NoFont);
    }

    /// <summary>A Latin-only family the system has (the tofu reference): DejaVu Sans, else any family without the probe's glyphs.</summary>
    private static string LatinOnlyFamily() =>
        SKFontManager.Default.FontFamilies.OrderBy(f => f == "DejaVu Sans" ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
            .First(f => SKTypeface.FromFamilyName(f) is { } t && t.FamilyName == f && t.GetGlyphs("A").All(g => g != 0) && !CjkFont.Renders(f, "学"));

    [Test]
    public void TheFontIsFoundByItsGlyphsAndPrefersSimplifiedChineseSans()
    {
        NeedsFont();
        string family = CjkFont.Family!;
        using SKTypeface typeface = SKTypeface.FromFamilyName(family);
        Assert.Multiple(() =>
        {
            Assert.That(typeface.FamilyName, Is.EqualTo(family), "the system has the family it names");
            // Glyph id 0 is .notdef, the box a font draws for a character it does not have.
            Assert.That(typeface.GetGlyphs(CjkFont.Probe), Has.All.Not.Zero);
            Assert.That(typeface.GetGlyphs("□学习率"), Has.Length.EqualTo(4));
            // Among the families that render the probe, a Simplified Chinese sans-serif cut wins when there is one.
            var candidates = SKFontManager.Default.FontFamilies.Where(f => CjkFont.Renders(f, CjkFont.Probe)).ToList();
            if (candidates.Any(f => f.Contains("Sans", StringComparison.Ordinal) && f.EndsWith(" SC", StringComparison.Ordinal) && !f.Contains("Mono", StringComparison.Ordinal)))
                Assert.That(family, Does.Contain("Sans").And.EndWith(" SC").And.Not.Contain("Mono"), string.Join(", ", candidates));
        });
        // The choice depends on glyphs, not on a name list: a family without them never wins, an unknown name is not a font.
        Assert.That(CjkFont.Choose([LatinOnlyFamily()]), Is.Null);
        Assert.That(CjkFont.Choose(["No Such Font 42", LatinOnlyFamily(), family]), Is.EqualTo(family));
        Assert.That(CjkFont.Renders("No Such Font 42", "A"), Is.False, "Skia answers an unknown name with its default font; that is not the family");
    }

    /// <summary>
    /// The glyphs are real: each of 学, 习, 率 rendered alone in the chosen font gives ink, and three different images (the
    /// .notdef box is the same box for every character it stands for); and each differs from the .notdef glyph itself.
    /// </summary>
    [Test]
    public void EachChineseCharacterRendersAsItsOwnGlyphNotABox()
    {
        NeedsFont();
        using SKTypeface typeface = SKTypeface.FromFamilyName(CjkFont.Family!);
        using var font = new SKFont(typeface, 48);
        byte[] Ink(ushort glyph)
        {
            using var bitmap = new SKBitmap(64, 64, SKColorType.Gray8, SKAlphaType.Opaque);
            using var canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var blob = SKTextBlob.Create(BitConverter.GetBytes(glyph), SKTextEncoding.GlyphId, font, new SKPoint(8, 52));
            canvas.DrawText(blob, 0, 0, paint);
            return bitmap.Bytes.ToArray();
        }
        ushort[] glyphs = typeface.GetGlyphs("学习率");
        var images = glyphs.Select(Ink).ToList();
        byte[] notdef = Ink(0);
        Assert.Multiple(() =>
        {
            foreach (byte[] image in images) Assert.That(image.Count(b => b < 128), Is.GreaterThan(100), "a character with ink");
            Assert.That(images.Select(Convert.ToBase64String).Distinct().Count(), Is.EqualTo(3), "three characters, three different glyphs");
            foreach (byte[] image in images) Assert.That(image, Is.Not.EqualTo(notdef), "a glyph, not the .notdef box");
            Assert.That(font.MeasureText("学习率"), Is.GreaterThan(3 * 48 * 0.8f), "full-width characters: about one em each");
        });
    }

    /// <summary>
    /// A plot made in zh-CN draws its title, axis labels, tick labels and legend in the CJK font, and its title region is not
    /// the title that a Latin-only font makes of the same words (boxes): the pixels differ, and both have ink.
    /// </summary>
    [Test]
    public void AChinesePlotDrawsItsWordsInTheCjkFont()
    {
        NeedsFont();
        Plot chinese = InChinese(() => ChinesePlot());
        Assert.Multiple(() =>
        {
            Assert.That(chinese.Axes.Title.Label.FontName, Is.EqualTo(CjkFont.Family));
            Assert.That(chinese.Axes.Bottom.Label.FontName, Is.EqualTo(CjkFont.Family));
            Assert.That(chinese.Axes.Left.Label.FontName, Is.EqualTo(CjkFont.Family));
            Assert.That(chinese.Axes.Bottom.TickLabelStyle.FontName, Is.EqualTo(CjkFont.Family));
            Assert.That(chinese.Legend.FontName, Is.EqualTo(CjkFont.Family));
        });
        Plot tofu = ChinesePlot();
        tofu.Axes.Title.Label.FontName = LatinOnlyFamily();
        byte[] a = TitleBand(chinese), b = TitleBand(tofu);
        Assert.Multiple(() =>
        {
            Assert.That(a.Count(v => v < 128), Is.GreaterThan(200), "the title has ink");
            Assert.That(b.Count(v => v < 128), Is.GreaterThan(0), "the Latin-only font draws something (boxes)");
            Assert.That(a, Is.Not.EqualTo(b), "the title is not the boxes a Latin-only font draws");
        });
    }

    /// <summary>
    /// The y axis label (rotated) stays inside the image: the image's first columns are background. ScottPlot's baseline by the
    /// font's bounding box pushed "损失" 12 px over the left edge.
    /// </summary>
    [Test]
    public void TheRotatedAxisLabelStaysInsideTheImage()
    {
        NeedsFont();
        Plot plot = InChinese(() =>
        {
            Plot p = ChinesePlot();
            CjkFont.ApplyBeforeRendering(p);
            return p;
        });
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(Figures.Width, Figures.Height, ImageFormat.Png));
        int firstInk = Enumerable.Range(0, bitmap.Width).First(x => Enumerable.Range(0, bitmap.Height).Any(y => bitmap.GetPixel(x, y).Red < 110));
        Assert.That(firstInk, Is.GreaterThanOrEqualTo(2), "the y label's glyphs begin inside the image, not at (or beyond) its edge");
        Assert.That(plot.Axes.Left.Label.OffsetX, Is.GreaterThan(0), "moved right, along the rotated text's 'down'");
    }

    /// <summary>In English nothing changes: ScottPlot's default font everywhere (the committed English PNGs stay as they are).</summary>
    [Test]
    public void AnEnglishPlotKeepsTheDefaultFont()
    {
        Plot english = InLanguage(UiLanguage.English, () => Figures.Create("Learning rate", "Epoch", "Loss"));
        Assert.That(english.Axes.Title.Label.FontName, Is.EqualTo(new Plot().Axes.Title.Label.FontName));
        Assert.That(english.Legend.FontName, Is.EqualTo(new Plot().Legend.FontName));
    }

    /// <summary>
    /// Saved as a lesson saves it (legend right of the data area): the PNG is written, and kept in the test output folder
    /// (cjk-plots/) for a person to look at.
    /// </summary>
    [Test]
    public void AChinesePlotIsSavedAsALessonSavesIt()
    {
        NeedsFont();
        string dir = Path.Combine(TestContext.CurrentContext.WorkDirectory, "cjk-plots");
        Directory.CreateDirectory(dir);
        var ctx = new Chapter4.Harness.LessonContext(TextWriter.Null, dir, TorchSharp.torch.CPU, 0);
        InChinese(() =>
        {
            PlotSaving.Save(ctx, ChinesePlot(), "chinese.png");
            return 0;
        });
        Assert.That(ctx.PlotErrors, Is.Empty);
        Assert.That(File.Exists(Path.Combine(dir, "chinese.png")), Is.True);
    }

    /// <summary>
    /// The legend's labels sit on their line swatches and keep their tops: in the legend as rendered, each label's ink is
    /// centred on its swatch (within 3 px) and the first one starts below the legend's clip (ScottPlot 5.1 placed CJK labels
    /// 9 px high, and cut the first one; see CjkFont.ApplyBeforeRendering).
    /// </summary>
    [Test]
    public void LegendLabelsSitOnTheirLinesAndKeepTheirTops()
    {
        NeedsFont();
        Plot plot = InChinese(() =>
        {
            Plot p = ChinesePlot();
            p.Line([0, 1, 2, 3], [1, 0.6, 0.5, 0.45], "学习率 (lr 0.1)");
            CjkFont.ApplyBeforeRendering(p);
            return p;
        });
        using var bitmap = SKBitmap.Decode(plot.Legend.GetImage().GetImageBytes(ImageFormat.Png));
        Legend legend = plot.Legend;
        int symbolLeft = (int)legend.Padding.Left + 4, symbolRight = (int)(legend.Padding.Left + legend.SymbolWidth) - 4;
        int labelLeft = (int)(legend.Padding.Left + legend.SymbolWidth + legend.SymbolPadding);
        bool Coloured(SKColor c) => Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 60;
        bool Dark(SKColor c) => c.Red < 110 && c.Green < 110 && c.Blue < 110;
        // Inside the 1 px outline: the rows with a swatch, and the rows with label ink.
        var swatchRows = Enumerable.Range(1, bitmap.Height - 2).Where(y => Enumerable.Range(symbolLeft, symbolRight - symbolLeft).Any(x => Coloured(bitmap.GetPixel(x, y))));
        var inkRows = Enumerable.Range(1, bitmap.Height - 2).Where(y => Enumerable.Range(labelLeft, bitmap.Width - 2 - labelLeft).Any(x => Dark(bitmap.GetPixel(x, y))));
        var swatches = Runs(swatchRows);
        var labels = Runs(inkRows);
        Assert.That(swatches, Has.Count.EqualTo(3), "one swatch per item");
        Assert.That(labels, Has.Count.EqualTo(3), "one label per item, separated by blank rows");
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 3; i++)
            {
                double swatch = (swatches[i].Top + swatches[i].Bottom) / 2.0, ink = (labels[i].Top + labels[i].Bottom) / 2.0;
                Assert.That(ink, Is.EqualTo(swatch).Within(3), $"label {i} (ink rows {labels[i].Top}–{labels[i].Bottom}) on its swatch (rows {swatches[i].Top}–{swatches[i].Bottom})");
            }
            // The clip is the frame less its padding, plus 1 px: ink at its edge was cut there.
            Assert.That(labels[0].Top, Is.GreaterThan(legend.Padding.Top), "the first label's top is inside the clip, not cut by it");
        });
    }

    /// <summary>
    /// Without a font for Chinese, a plot's words (keys plot.…, legend.…, axis.…) are taken in English so nothing is drawn as
    /// boxes; captions (drawn by the README and the book, not in the PNG) and sentences stay Chinese.
    /// </summary>
    [Test]
    public void WithoutACjkFontThePlotWordsStayEnglish()
    {
        Func<bool>? before = Texts.PlotsCanShowChinese;
        try
        {
            Texts.PlotsCanShowChinese = () => false;
            var (title, legend, caption) = InChinese(() => (Texts.Get(typeof(PlotWords), "plot.title"), Texts.Get(typeof(PlotWords), "legend.sgd"), Texts.Get(typeof(PlotWords), "caption.demo")));
            Assert.That((title, legend, caption), Is.EqualTo(("Learning rate", "SGD", "图注")));
            Texts.PlotsCanShowChinese = () => true;
            Assert.That(InChinese(() => Texts.Get(typeof(PlotWords), "plot.title")), Is.EqualTo("学习率"));
            Assert.That(InLanguage(UiLanguage.English, () => Texts.Get(typeof(PlotWords), "plot.title")), Is.EqualTo("Learning rate"));
        }
        finally
        {
            Texts.PlotsCanShowChinese = before;
        }
    }

    /// <summary>
    /// The app where no font draws Chinese (CHAPTER4_NO_CJK_FONT=1; SkiaSharp's Linux assets read /usr/share/fonts themselves,
    /// so a test cannot hide the fonts from it): in zh-CN two lessons with three plots run as usual, and stderr has one line,
    /// once, naming the package that brings a CJK font.
    /// </summary>
    [Test]
    public void WithoutACjkFontOneLineSaysWhichPackageBringsOne()
    {
        string dir = Directory.CreateTempSubdirectory("chapter4-nocjk-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Chapter4"),
                ["all", "--only", "lr-step,lr-exponential", "--lang", "zh-CN", "--plots-dir", dir])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment[CjkFont.NoFontVariable] = "1";
            using var p = System.Diagnostics.Process.Start(start)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            Assert.That(p.WaitForExit(120_000), Is.True);
            var lines = stderr.TrimEnd('\n').Split('\n');
            Assert.Multiple(() =>
            {
                Assert.That(p.ExitCode, Is.Zero, stderr);
                Assert.That(Directory.GetFiles(dir, "*.png"), Has.Length.EqualTo(3));
                Assert.That(lines, Has.Length.EqualTo(2), stderr);
                Assert.That(lines[0], Is.EqualTo("注意：没有找到能显示中文的字体，图中的文字保持英文；请安装一个（Debian/Ubuntu：apt-get install fonts-noto-cjk）"));
                Assert.That(lines[^1], Does.StartWith("all：2 个讲解，0 个失败"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<(int Top, int Bottom)> Runs(IEnumerable<int> rows)
    {
        var runs = new List<(int Top, int Bottom)>();
        foreach (int y in rows)
        {
            if (runs.Count > 0 && runs[^1].Bottom == y - 1) runs[^1] = (runs[^1].Top, y);
            else runs.Add((y, y));
        }
        return runs;
    }

    private static Plot ChinesePlot()
    {
        Plot plot = Figures.Create("学习率衰减：损失函数随迭代的变化", "迭代次数", "损失");
        plot.Line([0, 1, 2, 3], [1, 0.5, 0.3, 0.2], "随机梯度下降");
        plot.Line([0, 1, 2, 3], [1, 0.4, 0.2, 0.1], "动量 μ = 0.9");
        return plot;
    }

    /// <summary>The top 40 pixel rows of the rendered plot (where ScottPlot draws the title), as gray levels.</summary>
    private static byte[] TitleBand(Plot plot)
    {
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(Figures.Width, Figures.Height, ImageFormat.Png));
        using var gray = new SKBitmap(bitmap.Width, 40, SKColorType.Gray8, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(gray)) canvas.DrawBitmap(bitmap, 0, 0);
        return gray.Bytes.ToArray();
    }

    internal static T InChinese<T>(Func<T> make) => InLanguage(UiLanguage.Chinese, make);

    internal static T InLanguage<T>(System.Globalization.CultureInfo culture, Func<T> make)
    {
        var ui = System.Globalization.CultureInfo.CurrentUICulture;
        var uiDefault = System.Globalization.CultureInfo.DefaultThreadCurrentUICulture;
        try
        {
            UiLanguage.Use(culture);
            return make();
        }
        finally
        {
            System.Globalization.CultureInfo.DefaultThreadCurrentUICulture = uiDefault;
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
    }
}
