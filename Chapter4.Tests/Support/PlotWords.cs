namespace Chapter4.Tests.Support;

/// <summary>Owner of a small .resx pair (PlotWords.resx, PlotWords.zh-CN.resx) with plot words and a caption, for the font fallback tests.</summary>
internal sealed class PlotWords;
