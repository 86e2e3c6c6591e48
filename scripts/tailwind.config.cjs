// Tailwind lives here (not at the repo top level); see scripts/build-css.mjs.
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const colors = require('tailwindcss/colors');

/** @type {import('tailwindcss').Config} */
module.exports = {
  content: [path.join(root, 'app/**/*.{ts,tsx}')],
  theme: {
    extend: {
      colors: { brand: colors.blue },
      fontFamily: {
        sans: [
          'system-ui',
          '-apple-system',
          '"PingFang SC"',
          '"Hiragino Sans GB"',
          '"Microsoft YaHei"',
          '"Noto Sans CJK SC"',
          '"Noto Sans SC"',
          'sans-serif',
        ],
      },
    },
  },
  plugins: [],
};
