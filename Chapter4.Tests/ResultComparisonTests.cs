using System.Text.Json.Nodes;
using Chapter4.Parity;
using NUnit.Framework;

namespace Chapter4.Tests;

[TestOf(typeof(ResultComparison))]
public class ResultComparisonTests
{
    [Test]
    public void ComparisonFlagsAnEditedValueAndAMissingKey()
    {
        var reference = JsonNode.Parse("""{"loss": 1.5, "w": [1.0, 2.0], "tag": "a"}""");
        var edited = JsonNode.Parse("""{"loss": 1.5001, "w": [1.0], "tag": "b", "extra": 1}""");
        var c = ResultComparison.Compare(reference, edited);
        Assert.That(c.Values.Single(v => v.Path == "loss").Within(1e-6, 1e-6), Is.False);
        Assert.That(c.Values.Single(v => v.Path == "loss").UlpDistanceFloat32, Is.GreaterThan(8));
        // Neighbouring floats are 1 ulp apart, across zero too: +1e-45 (smallest denormal) to −1e-45 is 2.
        Assert.That(new ComparedValue("x", 1.0, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + 1)).UlpDistanceFloat32, Is.EqualTo(1));
        Assert.That(new ComparedValue("x", 1e-45, -1e-45).UlpDistanceFloat32, Is.EqualTo(2));
        Assert.That(c.Mismatches, Is.EquivalentTo(new[]
        {
            "w: length 1, PyTorch has 2",
            "tag: \"b\", PyTorch has \"a\"",
            "extra: not in the PyTorch reference",
        }));
    }
}
