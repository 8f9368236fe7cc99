import { describe, expect, it } from 'vitest';
import { detectSentiment } from './detect-sentiment.js';

describe('detectSentiment: frustration is anger at the service, not at the problem', () => {
  it.each([
    "This is ridiculous, I've called three times already!",
    'this is the fourth time I am calling about this',
    "I've been on hold for an hour, this is unacceptable",
    'nobody ever calls me back',
    "I'll be contacting my lawyer",
    'I want to speak to your manager right now',
    'you people never listen',
    'worst customer service ever',
    'how many times do I have to call you',
    'I keep going round in circles with you',
    'each time I ring I hear a different story',
    "I'm at the end of my tether",
    'we are running out of patience with your team',
  ])('frustrated: %s', (text) => {
    expect(detectSentiment(text).sentiment).toBe('frustrated');
  });

  it.each([
    ['the website is ridiculously slow', 'negative'],
    ['the app is so buggy, it crashes constantly', 'negative'],
    ['this bill is way too high', 'negative'],
    ["I'm not happy with the new layout", 'negative'],
    ['Hi, I was charged twice on my credit card last week', 'neutral'],
    ['my router keeps dropping the connection', 'neutral'],
    ['Thanks so much, I love the app', 'positive'],
    ['it was lovely to talk to you', 'positive'],
    ['the sync runs over and over without finishing', 'neutral'],
    ["I've asked you over and over to fix my address", 'frustrated'],
  ])('%s → %s', (text, sentiment) => {
    expect(detectSentiment(text).sentiment).toBe(sentiment);
  });

  it('"this is ridiculous" alone is negative; with a repeat call it is frustrated', () => {
    expect(detectSentiment('this is ridiculous').sentiment).toBe('negative');
    expect(detectSentiment('this is ridiculous, I called yesterday and it is still broken').sentiment).toBe('frustrated');
  });
});

describe('detectSentiment: requests for a person', () => {
  it.each([
    'representative',
    'agent please',
    'can I talk to a real person',
    'transfer me to an agent',
    'let me speak with someone',
    'is there a human I can talk to',
  ])('wants a person: %s', (text) => {
    const reading = detectSentiment(text);
    expect(reading.wantsPerson).toBe(true);
    expect(reading.sentiment).not.toBe('frustrated');
  });

  it.each(['can I talk to someone about buying in bulk', 'my agent software crashes', "my account representative's invoice is wrong"])(
    'does not: %s',
    (text) => {
      expect(detectSentiment(text).wantsPerson).toBe(false);
    },
  );
});
