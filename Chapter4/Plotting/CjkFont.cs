using System.Globalization;
using Chapter4.Language;
using ScottPlot;
using SkiaSharp;

namespace Chapter4.Plotting;

/// <summary>
/// A font that can draw Chinese, for plots in zh-CN. Found by what it can render, not by name: every family the system's
/// font manager lists is asked for glyphs of <see cref="Probe"/> (ScottPlot's Fonts.Detect and Skia's MatchCharacter found
/// nothing here although Noto Sans CJK was installed). Among those that have them all, a Simplified Chinese sans-serif is
/// preferred (the Noto/Source Han CJK families come in SC, TC, JP and KR cuts of the same glyphs). Without one the plots keep
/// their English words (see Texts.PlotsCanShowChinese) and one line on stderr says which package brings a font.
/// </summary>
public static class CjkFont
{
    /// <summary>Characters every plot in Chinese needs: 学习率 (learning rate) and 梯度 (gradient).</summary>
    public const string Probe = "学习率梯度";

    private static readonly Lazy<string?> Found = new(() =>
        Environment.GetEnvironmentVariable(NoFontVariable) == "1" ? null : Choose(SKFontManager.Default.FontFamilies));

    /// <summary>CHAPTER4_NO_CJK_FONT=1: behave as if no font could draw Chinese (English plot words), e.g. where the one installed draws badly.</summary>
    public const string NoFontVariable = "CHAPTER4_NO_CJK_FONT";
    private static int NoticeGiven;

    /// <summary>The family to draw Chinese with, or null when no installed font has the glyphs.</summary>
    public static string? Family => Found.Value;

    /// <summary>Where the one line about a missing font goes (the command line's stderr); null: Console.Error.</summary>
    public static TextWriter? Notices { get; set; }

    /// <summary>Whether plots can show Chinese; the first "no" of the process says so on stderr, once.</summary>
    public static bool CanDrawChinese()
    {
        if (Family is not null) return true;
        if (Interlocked.Exchange(ref NoticeGiven, 1) == 0)
        {
            try
            {
                TextWriter writer = Notices ?? Console.Error;
                writer.WriteLine(RunTexts.Get("plots.no-cjk-font"));
                writer.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                // A note, not the lesson's failure.
            }
        }
        return false;
    }

    /// <summary>The best of <paramref name="families"/> that renders every character of <paramref name="probe"/>, or null.</summary>
    public static string? Choose(IEnumerable<string> families, string probe = Probe) =>
        families.Distinct(StringComparer.Ordinal)
            .Where(f => Renders(f, probe))
            .OrderByDescending(Preference)
            .ThenBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// Whether <paramref name="family"/> is an installed family with a glyph (id ≠ 0, the .notdef box) for every character of
    /// <paramref name="text"/>, and the text measures wider than nothing.
    /// </summary>
    public static bool Renders(string family, string text)
    {
        using SKTypeface? typeface = SKTypeface.FromFamilyName(family);
        // Skia answers an unknown name with its default typeface: only the family asked for counts.
        if (typeface is null || !string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)) return false;
        if (typeface.GetGlyphs(text).Any(g => g == 0)) return false;
        using var font = new SKFont(typeface, 16);
        return font.MeasureText(text) > 0;
    }

    /// <summary>Simplified Chinese first, then sans-serif (not monospaced) over serif.</summary>
    private static int Preference(string family)
    {
        string f = family.ToUpperInvariant();
        string[] words = f.Split(' ', '-', '_');
        int score = 0;
        if (words.Any(w => w is "SC" or "CN" or "HANS" or "GB" or "GB2312" or "GBK") || f.Contains("SIMPLIFIED", StringComparison.Ordinal)) score += 4;
        if (f.Contains("SANS", StringComparison.Ordinal) || f.Contains("HEI", StringComparison.Ordinal)) score += 2;
        if (f.Contains("MONO", StringComparison.Ordinal)) score -= 1;
        return score;
    }

    /// <summary>In Chinese, with a CJK font: that font for the title, the axis labels, the tick labels and the legend.</summary>
    public static void Apply(Plot plot)
    {
        if (!UiLanguage.IsChinese(CultureInfo.CurrentUICulture) || !CanDrawChinese()) return;
        string family = Family!;
        plot.Axes.Title.Label.FontName = family;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = family;
            axis.TickLabelStyle.FontName = family;
        }
        plot.Legend.FontName = family;
    }

    /// <summary>
    /// <see cref="Apply"/>, and labels put back on their baselines, just before the plot is rendered (its legend and axes are
    /// complete then). ScottPlot 5.1 places a label's baseline by the font's bounding box (SKFontMetrics.Bottom), not by its
    /// descent: for DejaVu Sans the two are close; for Noto Sans CJK at 12 px Bottom is 12.6 px and Descent 3.5 px. So every
    /// legend label sat 9 px above its line swatch and the first lost the tops of its glyphs to the legend's clip, the tick
    /// labels of the x axis ran into its tick marks, and the y axis label (rotated) was pushed off the image's left edge.
    /// Each is moved back by the difference: legend labels, titles, axis labels and tick labels (the legend's items become its
    /// manual items to carry the offset).
    /// </summary>
    public static void ApplyBeforeRendering(Plot plot)
    {
        Apply(plot);
        if (!UiLanguage.IsChinese(CultureInfo.CurrentUICulture) || Family is null) return;
        LegendItem[] items = plot.Legend.GetItems();
        foreach (LegendItem item in items) item.LabelStyle.OffsetY = BaselineError(item.LabelStyle);
        plot.Legend.ManualItems = [.. items];
        plot.Legend.DisplayPlottableLegendItems = false;
        foreach (LabelStyle label in plot.Axes.GetAxes().SelectMany(a => new[] { a.Label, a.TickLabelStyle }).Append(plot.Axes.Title.Label))
        {
            // Along the text's own "down", which a rotation turns: (−sin r, cos r) on the canvas.
            double r = label.Rotation * Math.PI / 180;
            float error = BaselineError(label);
            label.OffsetX = (float)(-Math.Sin(r) * error);
            label.OffsetY = (float)(Math.Cos(r) * error);
        }
    }

    /// <summary>How far above its intended baseline ScottPlot draws text in this label's font: Bottom − Descent, at least 0.</summary>
    private static float BaselineError(LabelStyle label)
    {
        using SKTypeface typeface = SKTypeface.FromFamilyName(label.FontName);
        using var font = new SKFont(typeface, label.FontSize);
        SKFontMetrics metrics = font.Metrics;
        return Math.Max(0, metrics.Bottom - metrics.Descent);
    }
}
