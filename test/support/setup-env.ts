process.env.TZ = 'America/New_York';
