using System.Runtime.InteropServices;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Printing;

namespace Chapter4.Training;

/// <summary>
/// Every iterating lesson stops when its values stop being numbers, says where, and keeps what it
/// had computed (the caller records its results before throwing the message as a
/// <see cref="LessonRunException"/>, exit 1). The words come from NonFinite.resx, as <see cref="Phrase"/>s.
/// </summary>
public static class NonFinite
{
    /// <summary>"diverged: w became inf at step 4 (learning rate 1e+30); try a smaller --lr", for a value named in code (w, x, w.grad).</summary>
    public static Phrase Message(string code, double value, Phrase where, double lr, string option = "--lr") =>
        Diverged(Became(code, value, where, lr, option));

    /// <summary>"diverged: the mse loss became inf at step 3 …", for a value named in words (<see cref="LossOf"/>).</summary>
    public static Phrase Message(Phrase what, double value, Phrase where, double lr, string option = "--lr") =>
        Diverged(Became(what, value, where, lr, option));

    /// <summary>"w became inf at step 4 (learning rate 1e+30); try a smaller --lr": what happened, without "diverged: ".</summary>
    public static Phrase Became(string code, double value, Phrase where, double lr, string option = "--lr") =>
        Say("became.code", code, PyFormat.Repr(value), where, PyFormat.Repr(lr), option);

    /// <inheritdoc cref="Became(string, double, Phrase, double, string)"/>
    public static Phrase Became(Phrase what, double value, Phrase where, double lr, string option = "--lr") =>
        Say("became", what, PyFormat.Repr(value), where, PyFormat.Repr(lr), option);

    /// <summary>libtorch's float32 overflow of a number passed to an op (e.g. Adam's lr / (1 − β1^t)).</summary>
    public static bool IsFloatOverflow(Exception e) =>
        e is ExternalException && e.Message.Contains("without overflow", StringComparison.Ordinal);

    /// <summary>The message for a float32 overflow inside libtorch.</summary>
    public static Phrase OverflowMessage(Phrase where, double lr, string option = "--lr") => Diverged(Overflowed(where, lr, option));

    /// <summary>"a value passed to libtorch overflowed float32 at step 2 (…); try a smaller --lr", without "diverged: ".</summary>
    public static Phrase Overflowed(Phrase where, double lr, string option = "--lr") => Say("overflowed", where, PyFormat.Repr(lr), option);

    /// <summary>"diverged: " before what happened.</summary>
    public static Phrase Diverged(Phrase what) => Say("diverged", what);

    /// <summary>"step 3".</summary>
    public static Phrase AtStep(int step) => Say("at.step", step);

    /// <summary>"epoch 1, iteration 2".</summary>
    public static Phrase AtEpochIteration(int epoch, int iteration) => Say("at.epoch-iteration", epoch, iteration);

    /// <summary>"step 5 with momentum 0.9".</summary>
    public static Phrase AtStepWithMomentum(int step, double momentum) => Say("at.step-momentum", step, PyFormat.Repr(momentum));

    /// <summary>"step 2 of the mse fit".</summary>
    public static Phrase AtStepOfFit(int step, string fit) => Say("at.step-of-fit", step, fit);

    /// <summary>"the mse loss".</summary>
    public static Phrase LossOf(string name) => Say("loss-of", name);

    /// <summary>True when every value is finite.</summary>
    public static bool AllFinite(params double[] values) => values.All(double.IsFinite);

    /// <summary>What the runs were: training runs (of a loss) or paths (of points).</summary>
    public enum Runs { Training, Paths }

    /// <summary>At most this many characters of run names (measured in English) in <see cref="Several"/>: the rest are counted, not named.</summary>
    public const int NamesBudget = 150;

    /// <summary>
    /// Diverged runs that share a label: the seeds they diverged on ("seeds 0–2: constant lr, StepLR"), a surface ("saddle:
    /// sgd, momentum"), or none ("BGD, SGD").
    /// </summary>
    public sealed record Bucket(IReadOnlyList<Phrase> Names, IReadOnlyList<long>? Seeds = null, Phrase? Label = null);

    /// <summary>
    /// One line for many divergences, instead of one message per run: "24 of 24 runs diverged (seeds 0–2: constant lr,
    /// StepLR, …); the first, constant lr seed 0: the loss became inf at …". The names fit <see cref="NamesBudget"/>: the
    /// first bucket is shortened (fewer seeds shown, then fewer names) until it fits, the buckets after it are named whole
    /// or counted. The budget is measured in English, so both languages name the same runs (and say the same numbers).
    /// </summary>
    public static string Several(Runs kind, int diverged, int total, IReadOnlyList<Bucket> buckets, Phrase firstName, Phrase first)
    {
        int separator = Texts.Get(typeof(NonFinite), "separator.groups", UiLanguage.English).Length;
        var shown = new List<Phrase>();
        int used = 0, hidden = 0;
        foreach (Bucket bucket in buckets)
        {
            if (hidden > 0)
            {
                hidden += bucket.Names.Count;
                continue;
            }
            int room = NamesBudget - used - (shown.Count > 0 ? separator : 0);
            Phrase whole = Render(bucket, bucket.Names.Count, MaxSeedParts);
            if (whole.English.Length <= room) shown.Add(whole);
            else if (shown.Count == 0) shown.Add(Shortened(bucket, room));
            else
            {
                hidden += bucket.Names.Count;
                continue;
            }
            used += (shown.Count > 1 ? separator : 0) + shown[^1].English.Length;
        }
        string names = string.Join(Texts.Get(typeof(NonFinite), "separator.groups"), shown);
        if (hidden > 0) names += Texts.Format(typeof(NonFinite), "more", hidden);
        return Texts.Format(typeof(NonFinite), kind == Runs.Training ? "several.runs" : "several.paths", diverged, total, names, firstName, first);
    }

    /// <summary>Seeds shown in a label before "…".</summary>
    private const int MaxSeedParts = 4;

    /// <summary>The first bucket within <paramref name="room"/>: fewer seeds shown first, then fewer names (at least one of each).</summary>
    private static Phrase Shortened(Bucket bucket, int room)
    {
        for (int names = bucket.Names.Count; names >= 1; names--)
            for (int parts = MaxSeedParts; parts >= 1; parts--)
                if (Render(bucket, names, parts) is { } p && p.English.Length <= room) return p;
        return Render(bucket, 1, 1);
    }

    /// <summary>"seeds 0–2: constant lr, StepLR and 3 more": the label, then the first <paramref name="names"/> names.</summary>
    private static Phrase Render(Bucket bucket, int names, int seedParts)
    {
        Phrase list = List(bucket.Names.Take(names));
        if (names < bucket.Names.Count) list = Say("list.more", list, bucket.Names.Count - names);
        Phrase? label = bucket.Label ?? (bucket.Seeds is { Count: > 0 } seeds ? Say(seeds.Count == 1 ? "seed" : "seeds", Ranges(seeds, seedParts)) : null);
        return label is null ? list : Say("bucket", label, list);
    }

    /// <summary>A name said the same in every language: an optimizer (sgd), a method (BGD), a scheduler (StepLR).</summary>
    public static Phrase Name(string name) => Say("name", name);

    /// <summary>"constant lr seed 0".</summary>
    public static Phrase Named(Phrase name, long? seed) => seed is { } s ? Say("named.seed", name, s) : name;

    /// <summary>Names in a list: "sgd, momentum" (Chinese: "sgd、momentum").</summary>
    public static Phrase List(IEnumerable<Phrase> names)
    {
        var all = names.ToList();
        return all.Skip(1).Aggregate(all[0], (list, next) => Say("list", list, next));
    }

    /// <summary>Seeds in order, three or more in a row as a range: 0, 1, 2, 5 → "0–2, 5"; after <paramref name="max"/> parts the rest is "…".</summary>
    private static Phrase Ranges(IReadOnlyList<long> seeds, int max)
    {
        var parts = new List<Phrase>();
        for (int i = 0; i < seeds.Count;)
        {
            int j = i;
            while (j + 1 < seeds.Count && seeds[j + 1] == seeds[j] + 1) j++;
            if (j - i >= 2) parts.Add(Name(FormattableString.Invariant($"{seeds[i]}–{seeds[j]}")));
            else for (int k = i; k <= j; k++) parts.Add(Name(seeds[k].ToString(System.Globalization.CultureInfo.InvariantCulture)));
            i = j + 1;
        }
        return parts.Count <= max ? List(parts) : List([.. parts.Take(max), Name("…")]);
    }

    private static Phrase Say(string key, params object?[] args) => new(typeof(NonFinite), key, args);
}
