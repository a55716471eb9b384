using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Chapter4.Claims;
using Chapter4.Harness;
using Chapter4.Language;
using CsCheck;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// Issue 23's property: under random knob sets, every sentence a lesson says about its run is true of the numbers it
/// carries. Each lesson runs under <see cref="RunsPerLesson"/> knob sets drawn by CsCheck (seeded: the same sets every
/// run) from each knob's declared bounds; every claim is checked by this file's own reading of its kind (not the
/// lesson's code): a trend's direction and sign changes recomputed from its series, a comparison's relation from its
/// two values, a ranking's order, an identity's difference; and every number in a sentence must be in its data or a
/// literal of its template. No run may end in an internal error. A failing set is printed as a command line to replay.
/// </summary>
[TestFixture, Category("Property")]
[TestOf(typeof(Claim))]
public class TakeawayPropertyTests
{
    /// <summary>Knob sets per lesson (CHAPTER4_PROPERTY_RUNS overrides, e.g. 1000 for a long local run).</summary>
    private static readonly int RunsPerLesson =
        int.TryParse(Environment.GetEnvironmentVariable("CHAPTER4_PROPERTY_RUNS"), out int n) && n > 0 ? n : 100;

    public static IEnumerable<string> LessonIds => LessonRegistry.Ids;

    [TestCaseSource(nameof(LessonIds))]
    public void EveryClaimHoldsUnderRandomKnobs(string id)
    {
        Lesson template = LessonRegistry.Find(id)!;
        var generator = KnobSets.For(template);
        // A fixed stream per lesson: the same knob sets on every machine, different lessons different sets.
        var pcg = new PCG((uint)StableHash(id), 20261130);
        var failures = new List<string>();
        int ran = 0, refused = 0, stopped = 0, claims = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < RunsPerLesson; i++)
        {
            KnobSet set = generator.Generate(pcg, null, out _);
            Lesson lesson = LessonRegistry.Find(id)!;
            string replay = $"{id} {set}".TrimEnd();
            try
            {
                foreach (var (name, value) in set.Knobs) Knobs.Set(lesson, name, value);
            }
            catch (LessonInputException e)
            {
                // A value the parser refuses (a combination out of bounds): a refusal, not a claim.
                if (refused++ < 3) TestContext.Out.WriteLine($"  refused: {replay}: {e.Message}");
                continue;
            }
            LessonOutcome outcome = LessonRunner.Run(lesson, new RunOptions(Seed: set.Seed), TextWriter.Null);
            if (outcome.ExitCode == 2)
            {
                if (refused++ < 3) TestContext.Out.WriteLine($"  refused: {replay}: {outcome.Error}");
                continue;
            }
            ran++;
            if (outcome.Error is { } error)
            {
                if (stopped++ < 3) TestContext.Out.WriteLine($"  stopped: {replay}: {Cut(error)}");
                if (error.StartsWith("internal error", StringComparison.Ordinal)) failures.Add($"{replay}: {error}");
            }
            foreach (Claim claim in outcome.Takeaways)
            {
                claims++;
                foreach (string problem in ClaimCheck.Problems(template.GetType(), claim))
                    failures.Add($"{replay}: [{claim.Key}] {problem} — \"{Cut(claim.Text)}\"");
            }
        }
        TestContext.Out.WriteLine($"{id}: {RunsPerLesson} knob sets, {ran} ran ({stopped} stopped with a one-line error), {refused} refused as input; " +
                                  $"{claims} claims checked; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, $"{failures.Count} false claim(s); replay with dotnet run --project Chapter4 -- <line>:\n" + string.Join("\n", failures.Take(20)));
        // A generator that only produces refused sets proves nothing: at least 30% must run.
        Assert.That(ran, Is.GreaterThanOrEqualTo(RunsPerLesson * 3 / 10), $"only {ran} of {RunsPerLesson} knob sets ran");
    }

    private static string Cut(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static int StableHash(string s) => s.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    [Test]
    public void TheCheckerCatchesFalseClaims()
    {
        // The checker itself, on claims built by hand to be false: each must be caught.
        Type owner = typeof(Chapter4.Lessons.RmsPropLesson);
        Claim wrongTrend = new TrendClaim("x", [1, 2, 1], TrendDirection.Increasing, 0, 0) { Key = "changes", Text = "x: 1, 2, 1" };
        Claim wrongRelation = new ComparisonClaim("a", 1, "b", 2, ">", 0) { Key = "changes", Text = "1 2" };
        Claim unsorted = new RankingClaim(["a", "b"], [2, 1]) { Key = "changes", Text = "2 1" };
        Claim notIdentical = new IdentityClaim("a", [1], "b", [1.5], 0, 0.1) { Key = "changes", Text = "1" }; // says |Δ| 0
        Claim strayNumber = Claim.Fact() with { Key = "changes", Text = "moved by 0.25" };
        Claim honest = Claim.Trend("x", [3, 2, 1]) with { Key = "changes", Text = "x falls: 3, 2, 1" };
        Assert.Multiple(() =>
        {
            Assert.That(ClaimCheck.Problems(owner, wrongTrend), Is.Not.Empty);
            Assert.That(ClaimCheck.Problems(owner, wrongRelation), Is.Not.Empty);
            Assert.That(ClaimCheck.Problems(owner, unsorted), Is.Not.Empty);
            Assert.That(ClaimCheck.Problems(owner, notIdentical), Is.Not.Empty);
            Assert.That(ClaimCheck.Problems(owner, strayNumber), Has.Some.Contains("0.25"));
            Assert.That(ClaimCheck.Problems(owner, honest), Is.Empty);
        });
    }

    [Test]
    public void NumbersAreReadAsPrinted()
    {
        Assert.That(ClaimCheck.NumbersIn("x2 = [-0.031623, 3.16228·lr, −2e-05] at 62.6% after 3 steps; w²/2"),
            Is.EqualTo(new[] { "-0.031623", "3.16228", "−2e-05", "62.6%", "3", "2" }));
        Assert.That(ClaimCheck.Matches("0.0316228", 0.031622776), Is.True);
        Assert.That(ClaimCheck.Matches("0.0316228", 0.0316238), Is.False);
        Assert.That(ClaimCheck.Matches("62.6%", 0.6261), Is.True);
        Assert.That(ClaimCheck.Matches("−2e-05", -2.00004e-5), Is.True);
    }
}

/// <summary>A lesson's knobs as command-line values (only those drawn), and the seed.</summary>
internal sealed record KnobSet(IReadOnlyList<(string Name, string Value)> Knobs, long? Seed)
{
    public override string ToString() =>
        string.Join(" ", Knobs.Select(k => $"--{k.Name} {k.Value}")) + (Seed is { } s ? $" --seed {s}" : "");
}

/// <summary>
/// Draws knob sets from each knob's declared bounds. Each knob keeps its default with probability 1/3 (so defaults
/// meet changed neighbours). Numbers: uniform between finite bounds, log-uniform when the range spans more than two
/// decades, and an inclusive bound itself one time in five (α = 1 and β = 0 are where lessons break); an unbounded
/// side is [bound, 10] (learning rates from 1e-4). Integers (steps, epochs, seeds, days: the knobs that scale work):
/// log-uniform from Min to the smaller of Max and the larger of the default and 20 — the work bound of this test;
/// the costly lessons draw from the narrower ranges in <see cref="Narrower"/>. Larger values are the bounds
/// tests' (ReliabilityTests.Bounds); every range here is inside the declared bounds.
/// Lists: 1–4 values drawn the same way (milestones strictly increasing). Names: a non-empty subset. Files: default.
/// </summary>
internal static class KnobSets
{
    /// <summary>
    /// Where a lesson's cost grows with a knob (or shrinks: a smaller batch is more steps), the range this test draws
    /// from, so that 100 runs of the lesson take seconds: optimizer-compare trains 5 optimizers × a grid × seeds.
    /// </summary>
    private static readonly Dictionary<(string Lesson, string Knob), (int Lo, int Hi)> Narrower = new()
    {
        [("optimizer-compare", "epochs")] = (1, 8),
        [("optimizer-compare", "seeds")] = (1, 2),
        [("optimizer-compare", "batch-size")] = (32, 200),
        [("lr-compare", "epochs")] = (1, 20),
        [("lr-compare", "seeds")] = (1, 2),
        [("init-dead-relu", "seeds")] = (10, 100),
        [("robust-regression", "steps")] = (1, 200),
        [("gd-variants", "batch-size")] = (1, 100), // batch = N (BGD) and batch = 1 (SGD) are the cases the text must name
    };

    public static Gen<KnobSet> For(Lesson lesson)
    {
        var knobs = Chapter4.Harness.Knobs.Of(lesson.GetType()).Select(k => Knob(k, lesson)).ToArray();
        Gen<long?> seed = Gen.Int[0, 2].SelectMany(c => c == 0 ? Gen.Const((long?)null) : Gen.Long[0, 100_000].Select(s => (long?)s));
        Gen<List<(string, string)>> all = Gen.Const(() => new List<(string, string)>());
        foreach (Gen<(string, string)?> knob in knobs)
            all = all.SelectMany(list => knob.Select(v => v is { } pair ? [.. list, pair] : list));
        return Gen.Select(all, seed, (values, s) => new KnobSet(values, s));
    }

    private static Gen<(string, string)?> Knob(KnobInfo knob, Lesson fresh)
    {
        Gen<(string, string)?> value = Value(knob, fresh).Select(v => v is null ? ((string, string)?)null : (knob.Name, v));
        // A costly knob is always drawn from its narrower range (its default may be the costly end).
        if (Narrower.ContainsKey((fresh.Id, knob.Name))) return value;
        return Gen.Int[0, 2].SelectMany(keep => keep == 0 ? Gen.Const(((string, string)?)null)
            : value);
    }

    private static Gen<string?> Value(KnobInfo knob, Lesson fresh)
    {
        Type t = knob.Type;
        object? current = knob.Property.GetValue(fresh);
        if (t == typeof(double)) return Number(knob, current as double?).Select(F);
        if (t == typeof(int) || t == typeof(long)) return Integer(fresh.Id, knob, Convert.ToDouble(current ?? 1, CultureInfo.InvariantCulture)).Select(i => (string?)I(i));
        if (t == typeof(bool)) return Gen.Bool.Select(b => (string?)(b ? "true" : "false"));
        if (t.IsEnum) return Gen.OneOf(Enum.GetNames(t).Select(Chapter4.Harness.Knobs.Kebab).ToArray()).Select(s => (string?)s);
        if (t == typeof(double[]))
        {
            // Lists that must match another knob (predictions and targets, BCE's probabilities): half the time the
            // default's length with each value between the default's smallest and largest, else 1–4 values from the bounds.
            double[] typical = current as double[] ?? [];
            int most = Math.Min(4, knob.Attribute.MaxCount);
            if (typical.Length > 0)
            {
                Gen<string?> near = Uniform(typical.Min(), typical.Max()).Array[typical.Length].Select(xs => (string?)string.Join(",", xs.Select(F)));
                Gen<string?> far = Gen.Int[1, most].SelectMany(n => Number(knob, typical[0]).Array[n]).Select(xs => (string?)string.Join(",", xs.Select(F)));
                return Gen.Bool.SelectMany(b => b ? near : far);
            }
            Gen<int> count = Gen.Int[1, most];
            Gen<double> element = Number(knob, null);
            return count.SelectMany(n => element.Array[n]).Select(xs => (string?)string.Join(",", xs.Select(F)));
        }
        if (t == typeof(int[]))
        {
            double reference = (current as int[])?.DefaultIfEmpty(1).Max() ?? 1;
            int most = Math.Min(4, knob.Attribute.MaxCount);
            return Gen.Int[1, most].SelectMany(count => Integer(fresh.Id, knob, reference).Array[count])
                .Select(xs => (string?)string.Join(",", xs.Distinct().Order().Select(I)));
        }
        if (t == typeof(string[]) && knob.Attribute.Choices is { } choices)
        {
            string[] names = choices.Split(',');
            return Gen.Int[1, (1 << names.Length) - 1].Select(mask =>
                (string?)string.Join(",", names.Where((_, i) => (mask & (1 << i)) != 0)));
        }
        return Gen.Const((string?)null); // tensors typed as rows, file paths: the lesson's own
    }

    private static Gen<double> Number(KnobInfo knob, double? typical)
    {
        KnobAttribute a = knob.Attribute;
        double lo = !double.IsNaN(a.Min) ? a.Min : !double.IsNaN(a.Above) ? a.Above : -10;
        double hi = !double.IsNaN(a.Max) ? a.Max : !double.IsNaN(a.Below) ? a.Below : Math.Max(10, 2 * (typical ?? 0));
        bool loOpen = double.IsNaN(a.Min), hiOpen = double.IsNaN(a.Max);
        double from = loOpen && lo == 0 ? 1e-4 : loOpen ? lo + 1e-6 * Math.Max(1, Math.Abs(lo)) : lo;
        double to = hiOpen ? hi - 1e-6 * Math.Max(1, Math.Abs(hi)) : hi;
        if (to < from) to = from;
        Gen<double> inside = from > 0 && to / from > 100
            ? Uniform(Math.Log10(from), Math.Log10(to)).Select(e => Math.Pow(10, e))
            : Uniform(from, to);
        var edges = new List<double>();
        if (!loOpen) edges.Add(lo);
        if (!hiOpen) edges.Add(hi);
        if (edges.Count == 0) return inside;
        return Gen.Int[0, 4].SelectMany(pick => pick == 0 ? Gen.OneOf(edges.ToArray()) : inside);
    }

    private static Gen<int> Integer(string lessonId, KnobInfo knob, double typical)
    {
        KnobAttribute a = knob.Attribute;
        int lo = (int)(double.IsNaN(a.Min) ? (double.IsNaN(a.Above) ? 0 : a.Above + 1) : a.Min);
        int declared = (int)Math.Min(int.MaxValue, double.IsNaN(a.Max) ? (double.IsNaN(a.Below) ? typical : a.Below - 1) : a.Max);
        int hi = Math.Max(lo, Math.Min(declared, (int)Math.Ceiling(Math.Max(typical, 20))));
        if (Narrower.TryGetValue((lessonId, knob.Name), out var range)) (lo, hi) = (Math.Max(lo, range.Lo), Math.Min(hi, range.Hi));
        if (hi <= lo + 3) return Gen.Int[lo, hi];
        double from = Math.Log(Math.Max(lo, 1)), to = Math.Log(hi + 1);
        return Uniform(from, to).Select(e => Math.Clamp((int)Math.Floor(Math.Exp(e)), lo, hi));
    }

    /// <summary>Uniform in [a, b] (CsCheck's Gen.Double[a, b] favours special values such as 1e-60, which the parser refuses below float32's range).</summary>
    private static Gen<double> Uniform(double a, double b) => Gen.Int[0, 1 << 30].Select(i => a + (b - a) * i / (1 << 30));

    private static string? F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>This test's own reading of each claim kind (see the fixture's summary).</summary>
internal static partial class ClaimCheck
{
    public static IEnumerable<string> Problems(Type lessonType, Claim claim)
    {
        JsonObject json = claim.ToJson();
        if (string.IsNullOrWhiteSpace(claim.Text)) yield return "empty text";
        if (string.IsNullOrEmpty(claim.Key)) yield return "no template key";
        switch (claim)
        {
            case TrendClaim trend:
                string direction = Direction(trend.Points, trend.NoiseFloor);
                if (direction != (string)json["direction"]!) yield return $"says {json["direction"]} but the series is {direction}";
                int changes = SignChanges(trend.Points, trend.NoiseFloor);
                if (changes != trend.SignChanges) yield return $"says {trend.SignChanges} sign changes, the series has {changes}";
                break;
            case ComparisonClaim c:
                if (!Holds(c.LeftValue, c.Relation, c.RightValue, c.Tolerance)) yield return $"{c.LeftValue} {c.Relation} {c.RightValue} (±{c.Tolerance}) is false";
                break;
            case ThresholdClaim c:
                if (!Holds(c.Value, c.Relation, c.Bound, c.Tolerance)) yield return $"{c.Value} {c.Relation} {c.Bound} (±{c.Tolerance}) is false";
                break;
            case RankingClaim r:
                for (int i = 1; i < r.Scores.Length; i++)
                    if (!(r.Scores[i - 1] <= r.Scores[i]) && !double.IsNaN(r.Scores[i])) yield return $"not ascending at {r.Names[i]}";
                break;
            case IdentityClaim id:
                double max = id.LhsValues.Zip(id.RhsValues, (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0).Max();
                // An identity states how far apart two computations came out; "holds" says whether within its tolerance,
                // and the lesson words the sentence from it (equal, or differ by …).
                if (id.LhsValues.Length != id.RhsValues.Length) yield return "the two sides differ in length";
                else if (!max.Equals(id.MaxAbsDiff)) yield return $"says max |Δ| {id.MaxAbsDiff}, the values give {max}";
                else if ((bool)json["holds"]! != (max <= id.Tolerance)) yield return $"says holds = {json["holds"]} for |Δ| {max} against {id.Tolerance}";
                break;
        }
        string template = Texts.Get(lessonType, claim.Key);
        var literal = NumbersIn(Placeholder().Replace(template, " ")).ToHashSet();
        double[] data = DataNumbers(json).ToArray();
        foreach (string number in NumbersIn(claim.Text))
            if (!literal.Contains(number) && !data.Any(d => Matches(number, d)))
                yield return $"{number} is in the text but not in the claim's data";
    }

    // The rule of issue 23, written again here: steps above the noise floor all up → increasing, all down → decreasing.
    private static string Direction(double[] v, double floor)
    {
        var steps = v.Zip(v.Skip(1), (a, b) => b - a).ToArray();
        if (steps.Any(double.IsNaN)) return "mixed";
        bool up = steps.Any(s => s > floor), down = steps.Any(s => s < -floor);
        return up && down ? "mixed" : up ? "increasing" : down ? "decreasing" : "constant";
    }

    private static int SignChanges(double[] v, double floor)
    {
        var signs = v.Where(x => Math.Abs(x) > floor).Select(Math.Sign).ToArray();
        return signs.Zip(signs.Skip(1), (a, b) => a != b ? 1 : 0).Sum();
    }

    private static bool Holds(double a, string relation, double b, double tol) => relation switch
    {
        "≈" => Math.Abs(a - b) <= tol,
        "<" => a < b && Math.Abs(a - b) > tol,
        ">" => a > b && Math.Abs(a - b) > tol,
        _ => false,
    };

    private static IEnumerable<double> DataNumbers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                    if (key is not "text" and not "key" and not "kind")
                        foreach (double d in DataNumbers(child)) yield return d;
                break;
            case JsonArray a:
                foreach (JsonNode? child in a)
                    foreach (double d in DataNumbers(child)) yield return d;
                break;
            case JsonValue v when v.TryGetValue(out double d):
                yield return d;
                break;
            case JsonValue v when v.TryGetValue(out long l): // counts (sign_changes) are stored as integers
                yield return l;
                break;
            case JsonValue v when v.TryGetValue(out int i):
                yield return i;
                break;
        }
    }

    /// <summary>The numbers of a sentence as printed: not the digits inside names (x2, β1), with − or - and a %.</summary>
    public static IReadOnlyList<string> NumbersIn(string text) => Number().Matches(text).Select(m => m.Value).ToList();

    /// <summary>Whether a printed number is this value, to the digits printed (half a unit of the last digit).</summary>
    public static bool Matches(string printed, double value)
    {
        bool percent = printed.EndsWith('%');
        string s = printed.TrimEnd('%').Replace('−', '-');
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double t)) return false;
        string mantissa = s.Split('e', 'E')[0];
        int decimals = mantissa.Contains('.') ? mantissa.Length - mantissa.IndexOf('.') - 1 : 0;
        int exponent = s.Contains('e') || s.Contains('E') ? int.Parse(s.Split('e', 'E')[1], CultureInfo.InvariantCulture) : 0;
        double half = 0.5 * Math.Pow(10, exponent - decimals) * (1 + 1e-9) + 1e-300;
        return Math.Abs(t - value) <= half || (percent && Math.Abs(t - 100 * value) <= half);
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}_.^])[-−]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}

/// <summary>Every lesson says what it found as claims (issue 23): --json "takeaways", with the kinds of the issue.</summary>
[TestFixture]
[TestOf(typeof(LessonContext))]
public class TakeawayShapeTests
{
    public static IEnumerable<string> LessonIds => LessonRegistry.Ids;

    [TestCaseSource(nameof(LessonIds))]
    public void TheLessonsJsonCarriesItsTakeaways(string id)
    {
        LessonOutcome outcome = Support.LessonMemo.Of(id).Outcome;
        JsonArray takeaways = outcome.ToJson()["takeaways"]!.AsArray();
        Assert.That(takeaways, Is.Not.Empty, $"{id} says nothing about its run as claims");
        string[] kinds = ["trend", "comparison", "threshold", "ranking", "identity", "fact"];
        foreach (JsonNode? t in takeaways)
        {
            Assert.That((string?)t!["kind"], Is.AnyOf(kinds));
            Assert.That((string?)t["text"], Is.Not.Empty);
        }
    }

    [Test]
    public void LessonsSayTheirSentencesFromResourcesNotLiterals()
    {
        // A sentence about the run goes through ctx.Say / ctx.Fact (words from the .resx, data kept with them);
        // ctx.Note is left for blank separator lines.
        string lessons = Path.Combine(Files.Repository.FindRoot(TestContext.CurrentContext.TestDirectory)!, "Chapter4", "Lessons");
        var literal = new Regex(@"ctx\.Note\(\$?""[^""]");
        var offenders = Directory.GetFiles(lessons, "*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => literal.IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.That(offenders, Is.Empty, string.Join("\n", offenders));
    }
}
