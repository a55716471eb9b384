using System.Text.Json.Nodes;

namespace Chapter4.Claims;

/// <summary>
/// One sentence a lesson says about its run, with the numbers it speaks of. The wording is chosen from those
/// numbers (a trend word only when the series is that trend), and every number in <see cref="Text"/> is in the
/// claim's data, so a checker can hold the sentence to its data (see the tests' TakeawayPropertyTests).
/// </summary>
public abstract record Claim
{
    /// <summary>trend, comparison, threshold, ranking, identity or fact.</summary>
    public abstract string Kind { get; }

    /// <summary>The sentence, in the learner's language.</summary>
    public string Text { get; init; } = "";

    /// <summary>The sentence's template key in the lesson's .resx.</summary>
    public string Key { get; init; } = "";

    /// <summary>Other numbers the sentence quotes (a learning rate, a step count), by name.</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = Kind, ["key"] = Key, ["text"] = Text };
        AddData(json);
        if (Values.Count > 0) json["quotes"] = new JsonObject(Values.Select(kv => KeyValuePair.Create(kv.Key, Number(kv.Value))));
        return json;
    }

    protected abstract void AddData(JsonObject json);

    protected static JsonNode? Number(double d) => double.IsFinite(d) ? JsonValue.Create(d)
        : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");

    protected static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    // ---- Factories: each computes its verdict from the numbers; the lesson then words it. ----

    /// <summary>A series and how it moves (<see cref="TrendRule"/>).</summary>
    public static TrendClaim Trend(string series, IReadOnlyList<double> values, double noiseFloor = 0) =>
        new(series, values.ToArray(), TrendRule.Direction(values, noiseFloor), TrendRule.SignChanges(values, noiseFloor), noiseFloor);

    /// <summary>Two quantities and which is larger; within <paramref name="tolerance"/> (absolute) they are ≈.</summary>
    public static ComparisonClaim Compare(string left, double leftValue, string right, double rightValue, double tolerance = 0) =>
        new(left, leftValue, right, rightValue, RelationRule.Of(leftValue, rightValue, tolerance), tolerance);

    /// <summary>A quantity against a bound.</summary>
    public static ThresholdClaim Threshold(string name, double value, double bound, double tolerance = 0) =>
        new(name, value, bound, RelationRule.Of(value, bound, tolerance), tolerance);

    /// <summary>Names ordered by their values, smallest first (ties keep their given order).</summary>
    public static RankingClaim Rank(IEnumerable<(string Name, double Value)> entries)
    {
        var sorted = entries.Select((e, i) => (e.Name, e.Value, i)).OrderBy(e => double.IsNaN(e.Value) ? double.PositiveInfinity : e.Value).ThenBy(e => e.i).ToList();
        return new RankingClaim(sorted.Select(e => e.Name).ToArray(), sorted.Select(e => e.Value).ToArray());
    }

    /// <summary>Two ways of computing the same numbers, and how far apart they came out.</summary>
    public static IdentityClaim Identity(string lhs, IReadOnlyList<double> lhsValues, string rhs, IReadOnlyList<double> rhsValues, double tolerance)
    {
        if (lhsValues.Count != rhsValues.Count) throw new ArgumentException($"identity {lhs} = {rhs}: {lhsValues.Count} values against {rhsValues.Count}");
        double max = lhsValues.Zip(rhsValues, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();
        return new IdentityClaim(lhs, lhsValues.ToArray(), rhs, rhsValues.ToArray(), max, tolerance);
    }

    /// <summary>A sentence that is not about this run's numbers (what PyTorch does, what the course says).</summary>
    public static FactClaim Fact() => new();

}

public static class ClaimQuotes
{
    /// <summary>These numbers, by name, beside the claim's own data (the sentence quotes them).</summary>
    public static T Quoting<T>(this T claim, params (string Name, double Value)[] values) where T : Claim =>
        claim with { Values = claim.Values.Concat(values.Select(v => KeyValuePair.Create(v.Name, v.Value))).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value) };
}

public enum TrendDirection { Increasing, Decreasing, Constant, Mixed }

public sealed record TrendClaim(string Series, double[] Points, TrendDirection Direction, int SignChanges, double NoiseFloor) : Claim
{
    public override string Kind => "trend";

    /// <summary>At least 3 sign changes above the noise floor: what we call a zig-zag.</summary>
    public bool ZigZag => SignChanges >= TrendRule.ZigZagSignChanges;

    protected override void AddData(JsonObject json)
    {
        json["series"] = Series;
        json["data"] = Numbers(Points);
        json["direction"] = Direction.ToString().ToLowerInvariant();
        json["sign_changes"] = SignChanges;
        json["noise_floor"] = Number(NoiseFloor);
    }
}

public sealed record ComparisonClaim(string Left, double LeftValue, string Right, double RightValue, string Relation, double Tolerance) : Claim
{
    public override string Kind => "comparison";

    protected override void AddData(JsonObject json)
    {
        json["left"] = Left;
        json["left_value"] = Number(LeftValue);
        json["right"] = Right;
        json["right_value"] = Number(RightValue);
        json["relation"] = Relation;
        json["tolerance"] = Number(Tolerance);
    }
}

public sealed record ThresholdClaim(string Name, double Value, double Bound, string Relation, double Tolerance) : Claim
{
    public override string Kind => "threshold";

    protected override void AddData(JsonObject json)
    {
        json["name"] = Name;
        json["value"] = Number(Value);
        json["bound"] = Number(Bound);
        json["relation"] = Relation;
        json["tolerance"] = Number(Tolerance);
    }
}

public sealed record RankingClaim(string[] Names, double[] Scores) : Claim
{
    public override string Kind => "ranking";

    protected override void AddData(JsonObject json)
    {
        json["names"] = new JsonArray(Names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        json["values"] = Numbers(Scores);
        json["order"] = "ascending";
    }
}

public sealed record IdentityClaim(string Lhs, double[] LhsValues, string Rhs, double[] RhsValues, double MaxAbsDiff, double Tolerance) : Claim
{
    public override string Kind => "identity";

    /// <summary>Whether the two sides agree within the tolerance; the sentence says "equal" only when they do.</summary>
    public bool Holds => MaxAbsDiff <= Tolerance;

    protected override void AddData(JsonObject json)
    {
        json["lhs"] = Lhs;
        json["lhs_values"] = Numbers(LhsValues);
        json["rhs"] = Rhs;
        json["rhs_values"] = Numbers(RhsValues);
        json["max_abs_diff"] = Number(MaxAbsDiff);
        json["tolerance"] = Number(Tolerance);
        json["holds"] = Holds;
    }
}

public sealed record FactClaim : Claim
{
    public override string Kind => "fact";

    protected override void AddData(JsonObject json) { }
}
