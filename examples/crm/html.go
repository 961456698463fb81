package main

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
)

// This file writes report.html: the four charts, inline as SVG, and the
// text dashboard below them. The page needs no script, style sheet or font
// from anywhere else.

// chart is one figure of the HTML report.
type chart struct {
	ID      string
	Heading string
	SVG     template.HTML // made by this program, not from input
	Caption string
}

// page is what the HTML template fills in.
type page struct {
	Title  string
	Intro  string
	Charts []chart
	Text   string
}

var pageTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
figure { margin: 2.5rem 0; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9rem; max-width: 46rem; }
pre { font-size: 12px; line-height: 1.35; overflow-x: auto; background: #f6f6f6; padding: 1rem; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>{{.Intro}}</p>
{{range .Charts}}<figure id="{{.ID}}">
<h2>{{.Heading}}</h2>
{{.SVG}}
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}<h2>The dashboard</h2>
<pre>{{.Text}}</pre>
</body>
</html>
`))

// buildHTML draws the charts and fills in the page.
func buildHTML(d *reportData) ([]byte, error) {
	p := page{
		Title: d.title,
		Intro: "A simulated year of a service company, stored in SQLite and read back through the " +
			"servicekultur packages' Store interfaces. Intervals cover sampling error only.",
		Text: string(d.text),
	}
	for _, c := range []struct {
		id, heading, caption string
		draw                 func(*reportData) (string, error)
	}{
		{"nps-trend", "Customer NPS by month",
			"Each month's NPS with its 95% Tango interval (band) and the fitted linear trend (dashed).", trendChart},
		{"nps-distribution", "The 0–10 distribution",
			"How often each rating was given: detractors 0–6, passives 7–8, promoters 9–10.", distributionChart},
		{"sla-attainment", "Follow-up attainment per week",
			"The share of each ISO week's detractor cases first contacted within target, with its 95% Wilson " +
				"interval, against the target of the policy in force (80% within 48 hours, then 90% within 24).", slaChart},
		{"wheel-radar", "The internal marketing wheel", wheelCaption(d), radarChart},
	} {
		svg, err := c.draw(d)
		if err != nil {
			return nil, err
		}
		p.Charts = append(p.Charts, chart{ID: c.id, Heading: c.heading, SVG: template.HTML(svg), Caption: c.caption})
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// wheelCaption names the radar's spokes.
func wheelCaption(d *reportData) string {
	if d.wheel == nil {
		return ""
	}
	var names []string
	for i, id := range d.wheel.labels {
		names = append(names, fmt.Sprintf("%s %s", id, d.wheel.names[i]))
	}
	return "Strategies clockwise from the top, normalised 0–100 (dashed ring: the target, 75): " +
		strings.Join(names, "; ") + "."
}
