package wheel

// ExampleItems returns example statements for the wheel, two per strategy,
// one of them reverse-coded in each stage. They are examples only — every
// item has Example set — written to show the shape of an assessment, not a
// validated instrument; replace them with your own. Each call returns a
// fresh copy.
func ExampleItems() []Item {
	return []Item{
		{ID: "ex-1.1-a", Dimension: "1.1", Text: "We actively seek out the best candidates rather than waiting for applications.", Example: true},
		{ID: "ex-1.1-b", Dimension: "1.1", Text: "Good candidates usually choose other employers over us.", Reverse: true, Example: true},
		{ID: "ex-1.2-a", Dimension: "1.2", Text: "We hire for the will to serve as much as for technical skill.", Example: true},
		{ID: "ex-1.2-b", Dimension: "1.2", Text: "In interviews we test how candidates deal with customers.", Example: true},
		{ID: "ex-1.3-a", Dimension: "1.3", Text: "People are proud to tell others where they work.", Example: true},
		{ID: "ex-1.3-b", Dimension: "1.3", Text: "Our employees would recommend us as a place to work.", Example: true},
		{ID: "ex-2.1-a", Dimension: "2.1", Text: "I have been trained in the technical skills my job needs.", Example: true},
		{ID: "ex-2.1-b", Dimension: "2.1", Text: "I have been trained in how to deal with customers.", Example: true},
		{ID: "ex-2.2-a", Dimension: "2.2", Text: "I may solve a customer's problem without asking for permission.", Example: true},
		{ID: "ex-2.2-b", Dimension: "2.2", Text: "I have to escalate most decisions, even small ones.", Reverse: true, Example: true},
		{ID: "ex-2.3-a", Dimension: "2.3", Text: "My colleagues help when I am busy with a customer.", Example: true},
		{ID: "ex-2.3-b", Dimension: "2.3", Text: "The right hand knows what the left hand is doing.", Example: true},
		{ID: "ex-3.1-a", Dimension: "3.1", Text: "We measure how well departments serve each other.", Example: true},
		{ID: "ex-3.1-b", Dimension: "3.1", Text: "I know what the quality of my internal service is.", Example: true},
		{ID: "ex-3.2-a", Dimension: "3.2", Text: "Our systems (CRM, phones) help me serve customers.", Example: true},
		{ID: "ex-3.2-b", Dimension: "3.2", Text: "Our tools often get in the way of good service.", Reverse: true, Example: true},
		{ID: "ex-3.3-a", Dimension: "3.3", Text: "Our internal processes are designed around the customer.", Example: true},
		{ID: "ex-3.3-b", Dimension: "3.3", Text: "Rules are changed when they stand in the way of service.", Example: true},
		{ID: "ex-4.1-a", Dimension: "4.1", Text: "I know the company's vision and my part in it.", Example: true},
		{ID: "ex-4.1-b", Dimension: "4.1", Text: "Management asks for our input on where we are heading.", Example: true},
		{ID: "ex-4.2-a", Dimension: "4.2", Text: "The company finds out what I need to do a good job.", Example: true},
		{ID: "ex-4.2-b", Dimension: "4.2", Text: "Nobody asks what we employees need.", Reverse: true, Example: true},
		{ID: "ex-4.3-a", Dimension: "4.3", Text: "Those who deliver great service are recognised for it.", Example: true},
		{ID: "ex-4.3-b", Dimension: "4.3", Text: "Our rewards favour those who deliver the service we promise.", Example: true},
	}
}
