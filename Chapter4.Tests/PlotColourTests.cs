using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Tests.Support;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Issue 23, plots: one colour per concept everywhere. Every lesson's plots at their defaults (and at knobs that show
/// more series) are rendered; their legends are read from the plots themselves (<see cref="PlotAudit.Legend"/>). The
/// concept of an entry is its text before any ", …", ": …" or " (…)" qualifier ("β = 0.9, bias-corrected" is β = 0.9 drawn
/// dashed; "lr 0.01 (oscillating)" is lr 0.01; "y = 1: BCELoss(sigmoid(z))" is label 1, whose colour it has, the loss
/// being told by its line style).
/// </summary>
[TestFixture]
[TestOf(typeof(SeriesColors))]
public class PlotColourTests
{
    private static IEnumerable<(string Lesson, PlotAudit Audit)> Legends()
    {
        foreach (string id in LessonRegistry.Ids)
        {
            if (LessonRegistry.Find(id)!.Plots.Count == 0) continue;
            foreach (PlotAudit audit in LessonMemo.Of(id, plots: true).Outcome.PlotAudits) yield return (id, audit);
        }
    }

    private static string Concept(string text)
    {
        int cut = text.Length;
        foreach (string mark in new[] { ", ", " (", ": " })
        {
            int i = text.IndexOf(mark, StringComparison.Ordinal);
            if (i > 0) cut = Math.Min(cut, i);
        }
        return text[..cut].Trim();
    }

    [Test]
    public void OneConceptHasOneColourInEveryPlot()
    {
        var colours = new Dictionary<string, HashSet<string>>();
        var where = new Dictionary<(string, string), string>();
        foreach (var (lesson, audit) in Legends())
            foreach (var (text, colour) in audit.Legend)
            {
                string concept = Concept(text);
                if (!colours.TryGetValue(concept, out var set)) colours[concept] = set = [];
                set.Add(colour);
                where.TryAdd((concept, colour), $"{lesson}/{audit.File}");
            }
        var clashes = colours.Where(kv => kv.Value.Count > 1)
            .Select(kv => $"{kv.Key}: " + string.Join(", ", kv.Value.Select(c => $"{c} in {where[(kv.Key, c)]}")))
            .ToList();
        Assert.That(clashes, Is.Empty, "one concept, several colours:\n" + string.Join("\n", clashes));
    }

    [Test]
    public void TwoConceptsInOnePlotNeverShareAColour()
    {
        var clashes = new List<string>();
        foreach (var (lesson, audit) in Legends())
            foreach (var group in audit.Legend.GroupBy(e => e.Colour))
            {
                var concepts = group.Select(e => Concept(e.Text)).Distinct().ToList();
                if (concepts.Count > 1) clashes.Add($"{lesson}/{audit.File}: {group.Key} for {string.Join(" and ", concepts)}");
            }
        Assert.That(clashes, Is.Empty, string.Join("\n", clashes));
    }

    [Test]
    public void TheSameSettingValueGetsTheSameColourWhereverItIsDrawn()
    {
        // The palette itself: a value's colour depends on the value alone, and the usual values are all distinct.
        double[] usual = [0, 0.5, 0.9, 0.98, 0.99, 0.999];
        Assert.That(usual.Select(v => SeriesColors.Hex(SeriesColors.Setting(v))).Distinct().Count(), Is.EqualTo(usual.Length));
        Assert.That(SeriesColors.Hex(SeriesColors.Of("MSE")), Is.Not.EqualTo(SeriesColors.Hex(SeriesColors.Of("BCE y=0"))));
    }
}
