using System.Globalization;
using Chapter4.Parity;

namespace Chapter4.Book;

/// <summary>
/// Which of a lesson's values the "Beside PyTorch" table shows (issue 23, 6). A series (the values whose paths differ
/// only in their last index: lrs[0], lrs[1], …; steps[0].grad, steps[1].grad, …) shows its first value, the values
/// where it changes, and its last, at most <see cref="PerSeries"/> of them; a series that changes at nearly every
/// index (ExponentialLR) shows its first, its last and change points evenly spread between. Every named result gets
/// an even share of the rows. The command line's --compare keeps its own rule (<see cref="ComparisonSummary.Sample"/>).
/// </summary>
public static class BookSample
{
    /// <summary>At most this many values of one series.</summary>
    public const int PerSeries = 8;

    public static IReadOnlyList<ComparedValue> Of(IReadOnlyList<ComparedValue> values, int rows)
    {
        var groups = values.Select((v, i) => (v, i)).GroupBy(x => ComparisonSummary.ResultName(x.v)).ToList();
        if (groups.Count == 0 || rows <= 0) return [];
        int perGroup = Math.Max(1, (rows + groups.Count - 1) / groups.Count);
        var shown = new List<ComparedValue>();
        foreach (var group in groups)
        {
            var series = group.GroupBy(x => SeriesKey(x.v.Path)).ToList();
            int perSeries = Math.Min(PerSeries, Math.Max(1, perGroup / series.Count));
            var picked = series.SelectMany(s =>
            {
                var members = s.ToList();
                return Indices(members.Select(m => m.v.Expected).ToList(), perSeries).Select(k => members[k]);
            });
            shown.AddRange(picked.OrderBy(x => x.i).Take(perGroup).Select(x => x.v));
        }
        return shown.Take(rows).ToList();
    }

    /// <summary>"lrs[5]" → "lrs[]", "steps[1].grad" → "steps[].grad", "runs[0].losses[3]" → "runs[0].losses[]"; a path without an index is its own series.</summary>
    public static string SeriesKey(string path)
    {
        for (int open = path.LastIndexOf('['); open >= 0; open = open == 0 ? -1 : path.LastIndexOf('[', open - 1))
        {
            int close = path.IndexOf(']', open);
            if (close > open + 1 && int.TryParse(path.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                return path[..(open + 1)] + path[close..];
        }
        return path;
    }

    /// <summary>
    /// The indices to show of one series: 0, each i where the value differs from the one before, and the last; when
    /// those are more than <paramref name="max"/>, the first, the last and <paramref name="max"/> − 2 change points spread evenly.
    /// </summary>
    public static IReadOnlyList<int> Indices(IReadOnlyList<double> series, int max)
    {
        if (series.Count == 0 || max <= 0) return [];
        var candidates = new List<int> { 0 };
        for (int i = 1; i < series.Count; i++)
            if (!series[i].Equals(series[i - 1])) candidates.Add(i);
        if (candidates[^1] != series.Count - 1) candidates.Add(series.Count - 1);
        if (candidates.Count <= max) return candidates;
        if (max == 1) return [0];
        var inner = candidates.GetRange(1, candidates.Count - 2);
        int take = max - 2;
        var chosen = new List<int> { 0 };
        for (int k = 0; k < take; k++)
            chosen.Add(inner[take == 1 ? inner.Count / 2 : (int)Math.Round(k * (inner.Count - 1) / (double)(take - 1))]);
        chosen.Add(series.Count - 1);
        return chosen.Distinct().Order().ToList();
    }
}
