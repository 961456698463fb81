package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chromiumPath is where Debian's chromium package installs the browser.
const chromiumPath = "/usr/bin/chromium"

// chromium returns the headless browser to render the report with. Without
// one the test is skipped on a developer's machine and fails in CI (the
// environment variable CI set), where .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return chromiumPath
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but %s is missing: install Debian's chromium package (apt-get install chromium)", chromiumPath)
	}
	t.Skipf("%s not found: install Debian's chromium package to render the report (CI must)", chromiumPath)
	return ""
}

// runChromium runs headless Chromium with the flags of a throwaway,
// offline profile and the extra args, and returns its stdout and stderr.
func runChromium(t *testing.T, bin string, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	require.NoError(t, err, "chromium %s\n%s", strings.Join(args, " "), errOut.String())
	return out.String(), errOut.String()
}

// TestChromiumRender renders report.html in headless Chromium: the DOM it
// builds holds the four charts, each an SVG with drawing in it, and a
// screenshot shows the charts' colours.
func TestChromiumRender(t *testing.T) {
	bin := chromium(t)
	dir, _, _ := defaultRun(t)
	page, err := filepath.Abs(filepath.Join(dir, reportFile))
	require.NoError(t, err)
	url := "file://" + page

	dom, stderr := runChromium(t, bin, "--dump-dom", url)
	assert.NotContains(t, stderr, "Uncaught", "no script error")
	assert.Contains(t, dom, "</html>")
	assert.NotContains(t, dom, "parsererror", "the SVGs parse")
	assert.Equal(t, 4, strings.Count(dom, "<svg"), "four charts in the rendered DOM")
	for _, id := range []string{"nps-trend", "nps-distribution", "sla-attainment", "wheel-radar"} {
		m := regexp.MustCompile(`(?s)<figure id="` + id + `">.*?<svg[^>]*viewBox="[^"]+"[^>]*>(.*?)</svg>`).FindStringSubmatch(dom)
		if assert.Len(t, m, 2, "figure %s with an SVG", id) {
			assert.Greater(t, strings.Count(m[1], "<path"), 10, "figure %s draws", id)
			assert.Contains(t, m[1], "<text", "figure %s has text", id)
		}
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	runChromium(t, bin, "--hide-scrollbars", "--window-size=1100,2600", "--screenshot="+shot, url)
	f, err := os.Open(shot)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// Count the pixels of the charts' colours: the NPS line's blue and the
	// bars' red, amber and green appear nowhere else on the page.
	colours := map[string][3]int{"blue": {31, 102, 170}, "red": {200, 60, 50}, "amber": {230, 170, 40}, "green": {40, 150, 80}}
	seen := map[string]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			for name, c := range colours {
				if near(int(r>>8), c[0]) && near(int(g>>8), c[1]) && near(int(bl>>8), c[2]) {
					seen[name]++
				}
			}
		}
	}
	for name := range colours {
		assert.Greater(t, seen[name], 200, "pixels of the charts' %s", name)
	}
}

// near reports whether two colour components differ by at most 12.
func near(a, b int) bool { return a-b <= 12 && b-a <= 12 }
