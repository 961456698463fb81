package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/servicekultur/servicekultur/nps"
)

// This file draws the report's four charts with gonum.org/v1/plot as SVG:
// the NPS trend with its interval band, the 0–10 distribution, the
// follow-up attainment per week against its targets, and the wheel as a
// radar chart.

func init() {
	// Sans-serif text in every chart. The SVGs name the font; a browser
	// without Liberation Sans uses its own sans-serif.
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	plotter.DefaultFont = plot.DefaultFont
}

// The charts' colours.
var (
	colBlue      = color.RGBA{R: 31, G: 102, B: 170, A: 255}
	colBand      = color.NRGBA{R: 31, G: 102, B: 170, A: 56}
	colGrey      = color.RGBA{R: 120, G: 120, B: 120, A: 255}
	colLight     = color.RGBA{R: 200, G: 200, B: 200, A: 255}
	colDetractor = color.RGBA{R: 200, G: 60, B: 50, A: 255}
	colPassive   = color.RGBA{R: 230, G: 170, B: 40, A: 255}
	colPromoter  = color.RGBA{R: 40, G: 150, B: 80, A: 255}
	colTarget    = color.RGBA{R: 200, G: 60, B: 50, A: 255}
)

// chartSize is the size of every chart.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 9 * vg.Centimeter
	radarSize   = 14 * vg.Centimeter
)

// svgOf renders a plot as an SVG element for inlining in HTML: without the
// XML declaration and comment that a standalone file starts with.
func svgOf(p *plot.Plot, w, h vg.Length) (string, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", err
	}
	s := b.String()
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("chart %q: no <svg> element in the output", p.Title.Text)
	}
	return s[i:], nil
}

// dashed is a dashed line style.
func dashed(c color.Color) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
}

// monthTicks labels the months of a series on an index axis.
func monthTicks(ps []nps.Point) plot.ConstantTicks {
	var ticks plot.ConstantTicks
	every := 1 + (len(ps)-1)/12
	for i, p := range ps {
		label := ""
		if i%every == 0 {
			label = p.Period.Start.Format("Jan")
			if len(ps) > 12 || i == 0 {
				label = p.Period.Start.Format("Jan 06")
			}
		}
		ticks = append(ticks, plot.Tick{Value: float64(i), Label: label})
	}
	return ticks
}

// trendChart draws the monthly NPS with its interval band and the fitted
// trend.
func trendChart(d *reportData) (string, error) {
	p := plot.New()
	p.Title.Text = "Customer NPS by month, with 95% interval and trend"
	p.Y.Label.Text = "NPS (points)"
	pts := d.monthly.Points
	var line, upper, lower plotter.XYs
	for i, pt := range pts {
		if pt.Empty {
			continue
		}
		x := float64(i)
		line = append(line, plotter.XY{X: x, Y: pt.NPS})
		upper = append(upper, plotter.XY{X: x, Y: pt.Interval.Upper})
		lower = append(lower, plotter.XY{X: x, Y: pt.Interval.Lower})
	}
	if len(line) == 0 {
		return "", fmt.Errorf("NPS trend chart: no month has responses")
	}
	band := append(plotter.XYs{}, upper...)
	for i := len(lower) - 1; i >= 0; i-- {
		band = append(band, lower[i])
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return "", err
	}
	poly.Color = colBand
	poly.LineStyle.Width = 0
	l, err := plotter.NewLine(line)
	if err != nil {
		return "", err
	}
	l.Color, l.Width = colBlue, vg.Points(2)
	dots, err := plotter.NewScatter(line)
	if err != nil {
		return "", err
	}
	dots.Color = colBlue
	p.Add(plotter.NewGrid(), poly, l, dots)
	p.Legend.Add("NPS", l, dots)
	p.Legend.Add("95% interval", poly)
	if tr := d.trend; tr != nil {
		fit := plotter.XYs{{X: 0, Y: tr.Intercept}, {X: float64(len(pts) - 1), Y: tr.Intercept + tr.Slope*float64(len(pts)-1)}}
		tl, err := plotter.NewLine(fit)
		if err != nil {
			return "", err
		}
		tl.LineStyle = dashed(colGrey)
		p.Add(tl)
		p.Legend.Add(fmt.Sprintf("trend %s a month", signedPoints(tr.Slope)), tl)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Tick.Marker = monthTicks(pts)
	p.X.Min, p.X.Max = -0.5, float64(len(pts))-0.5
	return svgOf(p, chartWidth, chartHeight)
}

// distributionChart draws the count of every rating 0–10, coloured by
// category.
func distributionChart(d *reportData) (string, error) {
	p := plot.New()
	p.Title.Text = "Ratings 0–10 over the period"
	p.Y.Label.Text = "responses"
	p.X.Label.Text = "rating"
	counts := make([]float64, 11)
	for r, n := range d.ratings.All() {
		counts[r] = float64(n)
	}
	for _, part := range []struct {
		name   string
		from   int
		to     int
		colour color.Color
	}{
		{"detractors (0–6)", 0, 6, colDetractor},
		{"passives (7–8)", 7, 8, colPassive},
		{"promoters (9–10)", 9, 10, colPromoter},
	} {
		vs := make(plotter.Values, 11)
		for r := part.from; r <= part.to; r++ {
			vs[r] = counts[r]
		}
		bars, err := plotter.NewBarChart(vs, vg.Points(22))
		if err != nil {
			return "", err
		}
		bars.Color = part.colour
		bars.LineStyle.Width = 0
		p.Add(bars)
		p.Legend.Add(part.name, bars)
	}
	var ticks plot.ConstantTicks
	for r := range 11 {
		ticks = append(ticks, plot.Tick{Value: float64(r), Label: fmt.Sprint(r)})
	}
	p.X.Tick.Marker = ticks
	p.Legend.Top, p.Legend.Left = true, true
	p.Add(plotter.NewGrid())
	return svgOf(p, chartWidth, chartHeight)
}

// slaChart draws the share of each week's cases first contacted within
// target, with its Wilson interval, against the target of the policy in
// force.
func slaChart(d *reportData) (string, error) {
	p := plot.New()
	p.Title.Text = "Unhappy customers called back within target, per week"
	p.Y.Label.Text = "attainment (%)"
	var line, upper, lower, target plotter.XYs
	var ticks plot.ConstantTicks
	lastMonth := -1
	switchX := math.NaN()
	for i, w := range d.weekly {
		x := float64(i)
		per, err := nps.ParsePeriod(w.Key, d.loc)
		if err != nil {
			return "", fmt.Errorf("week %q: %w", w.Key, err)
		}
		// Label the first week starting in each month.
		mid := per.Start.AddDate(0, 0, 3)
		if m := int(mid.Month()); m != lastMonth {
			lastMonth = m
			ticks = append(ticks, plot.Tick{Value: x, Label: mid.Format("Jan")})
		}
		if math.IsNaN(switchX) && !d.switchAt.IsZero() && !per.End.Before(d.switchAt) && per.Start.Before(d.switchAt) {
			switchX = x + float64(d.switchAt.Sub(per.Start))/float64(per.End.Sub(per.Start)) - 0.5
		}
		tgt := d.targetAt(per.Start)
		target = append(target, plotter.XY{X: x, Y: 100 * tgt})
		if !w.Attainment.Defined {
			continue
		}
		line = append(line, plotter.XY{X: x, Y: 100 * w.Attainment.Value})
		upper = append(upper, plotter.XY{X: x, Y: 100 * w.Attainment.Upper})
		lower = append(lower, plotter.XY{X: x, Y: 100 * w.Attainment.Lower})
	}
	if len(line) == 0 {
		return "", fmt.Errorf("attainment chart: no week has matured cases")
	}
	band := append(plotter.XYs{}, upper...)
	for i := len(lower) - 1; i >= 0; i-- {
		band = append(band, lower[i])
	}
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return "", err
	}
	poly.Color = colBand
	poly.LineStyle.Width = 0
	l, err := plotter.NewLine(line)
	if err != nil {
		return "", err
	}
	l.Color, l.Width = colBlue, vg.Points(1.5)
	tl, err := plotter.NewLine(target)
	if err != nil {
		return "", err
	}
	tl.LineStyle = dashed(colTarget)
	tl.StepStyle = plotter.PreStep
	p.Add(plotter.NewGrid(), poly, l, tl)
	p.Legend.Add("in time", l)
	p.Legend.Add("95% interval", poly)
	p.Legend.Add("target", tl)
	if !math.IsNaN(switchX) {
		sw, err := plotter.NewLine(plotter.XYs{{X: switchX, Y: 0}, {X: switchX, Y: 100}})
		if err != nil {
			return "", err
		}
		sw.LineStyle = dashed(colGrey)
		p.Add(sw)
		p.Legend.Add("48 h → 24 h", sw)
	}
	p.X.Tick.Marker = ticks
	p.X.Min, p.X.Max = -0.5, float64(len(d.weekly))-0.5
	p.Y.Min, p.Y.Max = 0, 100
	p.Legend.Top, p.Legend.Left = false, true
	return svgOf(p, chartWidth, chartHeight)
}

// targetAt returns the attainment target of the policy in force at t (of
// the first before any is).
func (d *reportData) targetAt(t time.Time) float64 {
	target := 0.0
	for i, ph := range d.phases {
		if i == 0 || !t.Before(ph.EffectiveFrom) {
			target = ph.Attainment()
		}
	}
	return target
}

// radarChart draws the wheel's twelve strategies as a radar: one spoke per
// strategy, clockwise from the top as the wheel is walked, rings at 25, 50,
// 75 (the target, dashed) and 100, and the scores as a filled polygon.
func radarChart(d *reportData) (string, error) {
	wc := d.wheel
	if wc == nil || len(wc.labels) < 3 {
		return "", fmt.Errorf("radar chart: no wheel scores")
	}
	p := plot.New()
	p.Title.Text = "The internal marketing wheel, strategy scores (0–100)"
	p.HideAxes()
	n := len(wc.labels)
	point := func(i int, r float64) plotter.XY {
		a := math.Pi/2 - 2*math.Pi*float64(i)/float64(n)
		return plotter.XY{X: r * math.Cos(a), Y: r * math.Sin(a)}
	}
	for _, ring := range []float64{25, 50, 75, 100} {
		xys := make(plotter.XYs, 0, n+1)
		for i := range n + 1 {
			xys = append(xys, point(i%n, ring))
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return "", err
		}
		l.Color = colLight
		if ring == 75 {
			l.LineStyle = dashed(colTarget)
			p.Legend.Add("target 75", l)
		}
		p.Add(l)
	}
	var labels plotter.XYLabels
	for i := range n {
		spoke, err := plotter.NewLine(plotter.XYs{{}, point(i, 100)})
		if err != nil {
			return "", err
		}
		spoke.Color = colLight
		p.Add(spoke)
		labels.XYs = append(labels.XYs, point(i, 114))
		labels.Labels = append(labels.Labels, wc.labels[i])
	}
	var shape plotter.XYs
	for i, s := range wc.scores {
		if math.IsNaN(s) {
			s = 0 // not scored: drawn at the centre
		}
		shape = append(shape, point(i, s))
	}
	poly, err := plotter.NewPolygon(shape)
	if err != nil {
		return "", err
	}
	poly.Color = colBand
	poly.LineStyle = draw.LineStyle{Color: colBlue, Width: vg.Points(2)}
	p.Add(poly)
	p.Legend.Add("score", poly)
	dots, err := plotter.NewScatter(shape)
	if err != nil {
		return "", err
	}
	dots.Color = colBlue
	p.Add(dots)
	lab, err := plotter.NewLabels(labels)
	if err != nil {
		return "", err
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].XAlign = draw.XCenter
		lab.TextStyle[i].YAlign = draw.YCenter
	}
	p.Add(lab)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -125, 125, -125, 125
	p.Legend.Top, p.Legend.Left = false, false
	return svgOf(p, radarSize, radarSize)
}
