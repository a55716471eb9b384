namespace Chapter4.Book;

/// <summary>One lesson's update rule: equations in MathML (each shown as a display block) and what its symbols mean.</summary>
public sealed record BookFormula(IReadOnlyList<string> Equations, string Legend);

/// <summary>
/// The update rules of the optimizer and schedule lessons, as PyTorch computes them (torch/optim/*.py, the defaults
/// the lessons use: no weight decay, no dampening, no Nesterov, not centred, not amsgrad), typeset as MathML Core:
/// current browsers draw it natively, with no script. Keyed by lesson id. Each equation is the inside of one
/// &lt;math display="block"&gt; element, written as XML (no named entities), so it parses as XML too.
/// </summary>
public static class BookFormulas
{
    private const string MathNamespace = "http://www.w3.org/1998/Math/MathML";

    /// <summary>The rule of a lesson, or null when its page has none.</summary>
    public static BookFormula? For(string lessonId) => Table.GetValueOrDefault(lessonId);

    /// <summary>Every rule, by lesson id.</summary>
    public static IReadOnlyDictionary<string, BookFormula> All => Table;

    /// <summary>One equation as a block of MathML.</summary>
    public static string Block(string equation) => $"<math xmlns=\"{MathNamespace}\" display=\"block\">{equation}</math>";

    // ---- a few MathML builders: every token escaped by construction (the symbols here need no escaping) ----
    private static string I(string name) => $"<mi>{name}</mi>";
    private static string O(string op) => $"<mo>{op}</mo>";
    private static string N(string number) => $"<mn>{number}</mn>";
    private static string Row(params string[] parts) => "<mrow>" + string.Concat(parts) + "</mrow>";
    private static string Sub(string b, string s) => $"<msub>{b}{s}</msub>";
    private static string Sup(string b, string s) => $"<msup>{b}{s}</msup>";
    private static string SubSup(string b, string sub, string sup) => $"<msubsup>{b}{sub}{sup}</msubsup>";
    private static string Frac(string num, string den) => $"<mfrac>{num}{den}</mfrac>";
    private static string Sqrt(string x) => $"<msqrt>{x}</msqrt>";
    // A bias-corrected average: the letter with a combining circumflex (U+0302), drawn by the font as one glyph.
    private static string Hat(string letter) => $"<mi>{letter}\u0302</mi>";
    private static string UnderOp(string op, string under) => $"<munder><mo>{op}</mo>{under}</munder>";
    private static string Paren(params string[] parts) => Row(O("("), Row(parts), O(")"));

    private static readonly string T = I("t");
    private static readonly string TMinus1 = Row(I("t"), O("−"), N("1"));
    private static readonly string Times = O("·");
    private static readonly string Lr = I("lr");
    private static readonly string Eps = I("ε");
    private static string At(string name, string index) => Sub(I(name), index);
    private static string G => At("g", T);
    private static string G2 => SubSup(I("g"), T, N("2"));
    private static string Step(string direction) => Row(I("w"), O("←"), I("w"), O("−"), Lr, Times, direction);

    private static readonly string Momentum = Row(At("v", T), O("="), I("μ"), Times, At("v", TMinus1), O("+"), G);

    private static readonly Dictionary<string, BookFormula> Table = new()
    {
        ["gd-variants"] = new(
            [
                Row(At("g", T), O("="), Frac(N("1"), Row(O("|"), I("B"), O("|"))),
                    UnderOp("∑", Row(I("i"), O("∈"), I("B"))), Row(O("∇"), Sub(I("L"), I("i")), Paren(I("w")))),
                Step(G),
            ],
            "g_t is the mean gradient over one batch B: the whole data set (BGD), one sample (SGD) or batch-size samples (mini-batch); lr is the learning rate."),
        ["momentum"] = new(
            [Momentum, Step(At("v", T))],
            "g_t is the gradient, v_t the momentum buffer (optimizer.state[w]['momentum_buffer'], v_0 = 0, so v_1 = g_1), μ the momentum; the course's S_t = (1−β)·g_t + β·S_(t−1) is (1−μ)·v_t."),
        ["momentum-dynamics"] = new(
            [Momentum, Step(At("v", T))],
            "The same rule per coordinate of x: v_t is the momentum buffer, μ the momentum; lr/(1−μ) is the step a constant gradient settles to."),
        ["adagrad"] = new(
            [
                Row(At("s", T), O("="), At("s", TMinus1), O("+"), G2),
                Step(Frac(G, Row(Sqrt(At("s", T)), O("+"), Eps))),
            ],
            "s_t is the sum of all past squared gradients (optimizer.state[w]['sum'], s_0 = 0), ε = 1e-10: the effective rate lr/√s_t can only shrink."),
        ["rmsprop"] = new(
            [
                Row(At("s", T), O("="), I("α"), Times, At("s", TMinus1), O("+"), Paren(N("1"), O("−"), I("α")), Times, G2),
                Step(Frac(G, Row(Sqrt(At("s", T)), O("+"), Eps))),
            ],
            "s_t is the moving average of squared gradients (optimizer.state[w]['square_avg'], s_0 = 0), α the smoothing, ε = 1e-8; no bias correction."),
        ["adam"] = new(
            [
                Row(At("m", T), O("="), Sub(I("β"), N("1")), Times, At("m", TMinus1), O("+"), Paren(N("1"), O("−"), Sub(I("β"), N("1"))), Times, G),
                Row(At("v", T), O("="), Sub(I("β"), N("2")), Times, At("v", TMinus1), O("+"), Paren(N("1"), O("−"), Sub(I("β"), N("2"))), Times, G2),
                Row(Sub(Hat("m"), T), O("="), Frac(At("m", T), Row(N("1"), O("−"), SubSup(I("β"), N("1"), T))), O(","),
                    "<mspace width=\"1em\"/>", Sub(Hat("v"), T), O("="), Frac(At("v", T), Row(N("1"), O("−"), SubSup(I("β"), N("2"), T)))),
                Step(Frac(Sub(Hat("m"), T), Row(Sqrt(Sub(Hat("v"), T)), O("+"), Eps))),
            ],
            "m_t and v_t are the averages of the gradient and of its square (exp_avg, exp_avg_sq; both start at 0), m̂_t and v̂_t the same with the bias correction, ε = 1e-8."),
        ["ewma"] = new(
            [
                Row(At("v", T), O("="), I("β"), Times, At("v", TMinus1), O("+"), Paren(N("1"), O("−"), I("β")), Times, Sub(I("θ"), T)),
                Row(Sub(Hat("v"), T), O("="), Frac(At("v", T), Row(N("1"), O("−"), Sup(I("β"), T)))),
            ],
            "θ_t is day t's temperature, v_t the average (v_0 = 0), β the decay; v̂_t divides out the start-up bias toward 0."),
        ["lr-step"] = new(
            [Row(Sub(I("lr"), I("e")), O("="), Lr, Times, Sup(I("γ"), Row(O("⌊"), I("e"), O("/"), I("step_size"), O("⌋"))))],
            "lr_e is the rate of epoch e (e = 0, 1, …), lr the initial rate, γ the decay factor (gamma): it drops every step_size epochs."),
        ["lr-multistep"] = new(
            [Row(Sub(I("lr"), I("e")), O("="), Lr, Times, Sup(I("γ"), Row(O("|"), O("{"), I("m"), O("∈"), I("milestones"), O(":"), I("m"), O("≤"), I("e"), O("}"), O("|"))))],
            "lr_e is the rate of epoch e, lr the initial rate, γ the decay factor: it drops at each milestone epoch."),
        ["lr-exponential"] = new(
            [Row(Sub(I("lr"), I("e")), O("="), Lr, Times, Sup(I("γ"), I("e")))],
            "lr_e is the rate of epoch e, lr the initial rate, γ the decay factor: it shrinks every epoch."),
    };
}
